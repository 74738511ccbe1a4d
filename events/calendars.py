"""Calendars and structured data for events: .ics files (icalendar), Google Calendar links and
schema.org Event JSON-LD.

Times are written in the Europe/London zone with its VTIMEZONE; each event's UID comes from its
page's translation key, so it stays the same however the event is edited.
"""

import hashlib
import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlencode

from icalendar import Calendar, Event, Timezone, vText

from django.core.cache import caches
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import mark_safe

from home.social import image_urls

from . import schedule

PRODID = "-//Derbyshire County Council//Bringing People Together events//EN"
STATUS_ICAL = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
STATUS_SCHEMA = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
SCHEDULE_FREQUENCY = {"daily": "P1D", "weekly": "P1W", "fortnightly": "P2W"}
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    # Subscribers refresh twice a day; RFC 7986 and the older Microsoft property.
    calendar.add("refresh-interval", vText("PT12H"), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    return calendar


def _when(local, all_day):
    """An all-day date, or a Europe/London date-time (written with TZID=Europe/London)."""
    return local.date() if all_day else local.replace(tzinfo=schedule.LONDON)


def _description(event, url):
    lines = [event.summary, ""]
    if event.status != event.Status.SCHEDULED:
        lines.append(f"{event.get_status_display()}. {event.status_note}".strip())
    lines.append(f"Organiser: {event.organiser_name}")
    if event.organiser_phone:
        lines.append(f"Phone: {event.organiser_phone}")
    lines.append(f"Cost: {event.cost_text}")
    if event.booking_url:
        lines.append(f"Book: {event.booking_url}")
    if event.online_url:
        lines.append(f"Join online: {event.online_url}")
    if event.inclusion_labels:
        lines.append("Access: " + ", ".join(event.inclusion_labels))
    lines += ["", f"More information: {url}"]
    return "\n".join(lines)


def _base_vevent(event, url, span, cancelled):
    vevent = Event()
    vevent.add("summary", f"Cancelled: {event.labelled_title}" if cancelled else event.labelled_title)
    vevent.add("dtstart", _when(span.local_start, span.all_day))
    vevent.add("dtend", _when(span.local_end, span.all_day))
    stamp = event.last_published_at or datetime.now(UTC)
    vevent.add("dtstamp", stamp.astimezone(UTC))
    if event.first_published_at:
        vevent.add("created", event.first_published_at.astimezone(UTC))
    vevent.add("last-modified", stamp.astimezone(UTC))
    vevent.add("description", _description(event, url))
    if event.location_text:
        vevent.add("location", event.location_text)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if cancelled else STATUS_ICAL[event.status])
    vevent.add("transp", "TRANSPARENT" if span.all_day else "OPAQUE")
    if event.category_id:
        vevent.add("categories", [event.category.name])
    return vevent


def series_vevents(event, request, cancelled_dates=None):
    """The event as one VEVENT with its RRULE, plus an override for each cancelled date."""
    url = event.get_full_url(request)
    spans = event.spans
    if not spans:
        return []
    event_cancelled = event.status == event.Status.CANCELLED
    master = _base_vevent(event, url, spans[0], event_cancelled)
    master.add("uid", event.ical_uid)
    parts = event.rule_parts(utc_until=True)
    if parts:
        master.add("rrule", parts)
    vevents = [master]
    if parts and not event_cancelled:
        cancelled = (
            cancelled_dates
            if cancelled_dates is not None
            else {item.date for item in event.cancelled_dates.all()}
        )
        for span in spans:
            if span.date in cancelled:
                override = _base_vevent(event, url, span, cancelled=True)
                override.add("uid", event.ical_uid)
                override.add("recurrence-id", _when(span.local_start, span.all_day))
                vevents.append(override)
    return vevents


def add_timezone(calendar, spans):
    """The Europe/London VTIMEZONE, with its changes only for the years the events cover."""
    if not spans:
        return
    first = min(span.date for span in spans).replace(month=1, day=1)
    last = max(span.last_date for span in spans).replace(month=12, day=31) + timedelta(days=1)
    calendar.add_missing_timezones(first_date=first - timedelta(days=1), last_date=last)


def calendar_for_events(events, request, name):
    """The .ics of some events (a queryset or a list), each a series with its RRULE (never expanded).

    The VEVENTs are cached in chunks of consecutive events, each under the publication times of
    its events, so a calendar of thousands is joined from a few dozen cache entries, reading only
    three columns of each event; only the chunk of an event published since is built again.
    """
    # Each row: pk, last published time as text and category: all a chunk's cache key needs (text,
    # as converting thousands of datetimes cost more than the query).
    if isinstance(events, QuerySet):
        page_model = events.model
        rows = list(events.values_list("pk", Cast("last_published_at", CharField()), "category__name"))
    else:
        events = list(events)
        page_model = type(events[0]) if events else None
        rows = [(e.pk, str(e.last_published_at), e.category.name if e.category_id else None) for e in events]
    if not rows:
        return new_calendar(name).to_ical()
    # The models come from the page, as the models import this module.
    cancellations = page_model._meta.get_field("cancelled_dates").related_model.objects
    origin = f"{request.scheme}://{request.get_host()}" if request else ""
    chunks = [rows[i : i + CALENDAR_CHUNK] for i in range(0, len(rows), CALENDAR_CHUNK)]
    keys = [_chunk_key(chunk, origin) for chunk in chunks]
    # The shared cache (files every worker reads, or Redis): in each worker's own memory, a
    # worker's first whole calendar after a start rebuilt every event (4 s at 10,000).
    cache = caches["pages"]
    cached = cache.get_many(keys)
    missing = [(key, chunk) for key, chunk in zip(keys, chunks, strict=True) if key not in cached]
    if missing:
        wanted = [row[0] for _key, chunk in missing for row in chunk]
        if isinstance(events, QuerySet):
            loaded = {event.pk: event for event in events.filter(pk__in=wanted)}
        else:
            loaded = {event.pk: event for event in events}
        # One query for the cancelled dates of the events being built (modelcluster's relation
        # ignores prefetching).
        cancelled = defaultdict(set)
        for page_id, day in cancellations.filter(page__in=wanted).values_list("page_id", "date"):
            cancelled[page_id].add(day)
        built = {
            key: _built_chunk([loaded[pk] for pk, _published, _category in chunk], request, cancelled)
            for key, chunk in missing
        }
        cache.set_many(built, CALENDAR_CHUNK_SECONDS)
        cached.update(built)
    calendar = new_calendar(name)
    body = b"".join(cached[key].body for key in keys)
    if b"TZID=Europe/London" in body:
        # Europe/London's changes only for the years the events' series cover.
        first = min(cached[key].first for key in keys)
        last = max(cached[key].last for key in keys)
        calendar.add_component(
            Timezone.from_tzid(
                "Europe/London",
                first_date=first.replace(month=1, day=1) - timedelta(days=1),
                last_date=last.replace(month=12, day=31) + timedelta(days=1),
            )
        )
    head = calendar.to_ical()
    closing = b"END:VCALENDAR\r\n"
    return head[: -len(closing)] + body + closing


# Chunks change key when one of their events is published again, so they may live long.
CALENDAR_CHUNK = 100
CALENDAR_CHUNK_SECONDS = 7 * 24 * 60 * 60


class CalendarChunk(NamedTuple):
    """Some events' VEVENTs, and the first and last local dates their series cover (for the
    VTIMEZONE: kept with the chunk, they cost no query over every event)."""

    body: bytes
    first: date
    last: date


def _built_chunk(events, request, cancelled):
    return CalendarChunk(
        body=b"".join(
            vevent.to_ical()
            for event in events
            for vevent in series_vevents(event, request, cancelled[event.pk])
        ),
        first=min(timezone.localtime(event.start, schedule.LONDON).date() for event in events),
        last=max(
            max(filter(None, [timezone.localtime(event.end, schedule.LONDON).date(), event.repeat_until]))
            for event in events
        ),
    )


def _chunk_key(rows, origin):
    parts = [origin] + [f"{pk}:{published}:{category}" for pk, published, category in rows]
    return "ics-chunk:" + hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()


def occurrence_uid(event, span):
    if not event.is_repeating:
        return event.ical_uid
    return event.ical_uid.replace("@", f"-{span.date:%Y%m%d}@", 1)


def calendar_for_occurrence(event, span, request):
    """One date of an event as a calendar of its own, for "add this date to my calendar"."""
    url = event.get_full_url(request) + f"{span.date:%Y-%m-%d}/"
    cancelled = {s.date: c for s, c, _r in event.occurrence_dates()}.get(span.date, False)
    calendar = new_calendar(event.title)
    vevent = _base_vevent(event, url, span, cancelled)
    vevent.add("uid", occurrence_uid(event, span))
    calendar.add_component(vevent)
    add_timezone(calendar, [span])
    return calendar


def google_calendar_url(event, span, request, series=False):
    """A link that opens Google Calendar with the event filled in; the series adds its RRULE."""
    if span is None:
        return ""
    if span.all_day:
        dates = f"{span.local_start:%Y%m%d}/{span.local_end:%Y%m%d}"
    else:
        dates = f"{span.local_start:%Y%m%dT%H%M%S}/{span.local_end:%Y%m%dT%H%M%S}"
    url = event.get_full_url(request) if event.pk and event.url_path else ""
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": "Europe/London",
        "details": f"{event.summary}\n\n{url}".strip(),
        "location": event.location_text,
    }
    parts = event.rule_parts(utc_until=True) if series else None
    if parts:
        params["recur"] = "RRULE:" + schedule.rrule_text(parts)
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


# ---------------------------------------------------------------------------
# schema.org
# ---------------------------------------------------------------------------


def _schema_when(local, all_day):
    return local.date().isoformat() if all_day else local.replace(tzinfo=schedule.LONDON).isoformat()


def _price(text):
    """The first amount in pounds in a price text, e.g. '£3.50, children free' -> '3.50'."""
    found = re.search(r"£\s*(\d+(?:\.\d{1,2})?)", text or "")
    return found.group(1) if found else None


def structured_data(event, request, span=None):
    """schema.org Event for the page's shown date, as a dict."""
    span = span or event.listing_span or (event.spans[0] if event.spans else None)
    url = event.get_full_url(request) if event.pk and event.url_path else ""
    cancelled_dates = {s.date for s, cancelled, _r in event.occurrence_dates() if cancelled}
    status = "cancelled" if span and span.date in cancelled_dates else event.status
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "inLanguage": "en-GB",
        "eventStatus": STATUS_SCHEMA[status],
        "eventAttendanceMode": (
            "https://schema.org/MixedEventAttendanceMode"
            if event.is_in_person and event.is_online
            else "https://schema.org/OnlineEventAttendanceMode"
            if event.is_online
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "organizer": {"@type": "Organization", "name": event.organiser_name},
    }
    if span:
        data["startDate"] = _schema_when(span.local_start, span.all_day)
        end = span.local_end
        data["endDate"] = (
            span.last_date.isoformat() if span.all_day else end.replace(tzinfo=schedule.LONDON).isoformat()
        )
    if event.organiser_url:
        data["organizer"]["url"] = event.organiser_url
    locations = []
    if event.is_in_person:
        address = {"@type": "PostalAddress", "addressCountry": "GB"}
        lines = [line.strip() for line in event.venue_address.splitlines() if line.strip()]
        if lines:
            address["streetAddress"] = ", ".join(lines[:-1] or lines)
            if len(lines) > 1:
                address["addressLocality"] = lines[-1]
        if event.venue_postcode:
            address["postalCode"] = event.venue_postcode
        if event.area_id and event.area.live:  # a draft area is not public yet
            address["addressRegion"] = event.area.name
        locations.append(
            {"@type": "Place", "name": event.venue_name or event.venue_postcode, "address": address}
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    offer = {
        "@type": "Offer",
        "priceCurrency": "GBP",
        "url": event.booking_url or url,
        "availability": "https://schema.org/InStock",
    }
    price = "0" if event.is_free else _price(event.price)
    if price is not None:
        offer["price"] = price
    if not event.is_free:
        offer["description"] = event.price
    data["offers"] = offer
    # Google wants an image for every event: its own, else its social image, else the site's.
    data["image"] = image_urls(
        request,
        event.image if event.image_id else None,
        event.social_image if event.social_image_id else None,
    )
    if event.is_repeating and span:
        data["eventSchedule"] = _schedule(event, cancelled_dates)
    return data


def _schedule(event, cancelled_dates):
    first = event.spans[0]
    parts = event.rule_parts() or {}
    schedule_data = {
        "@type": "Schedule",
        "startDate": first.date.isoformat(),
        "endDate": event.repeat_until.isoformat() if event.repeat_until else event.spans[-1].date.isoformat(),
        "scheduleTimezone": "Europe/London",
        "repeatFrequency": SCHEDULE_FREQUENCY.get(event.repeat, "P1M"),
    }
    if not first.all_day:
        schedule_data["startTime"] = f"{first.local_start:%H:%M}"
        schedule_data["endTime"] = f"{first.local_end:%H:%M}"
    if parts.get("FREQ") == "WEEKLY":
        schedule_data["byDay"] = f"https://schema.org/{first.local_start:%A}"
    if "BYMONTHDAY" in parts:
        schedule_data["byMonthDay"] = parts["BYMONTHDAY"]
    if "BYDAY" in parts and parts["FREQ"] == "MONTHLY":
        schedule_data["byDay"] = f"https://schema.org/{first.local_start:%A}"
        schedule_data["byMonthWeek"] = schedule.monthly_position(first.local_start.day)
    if cancelled_dates:
        schedule_data["exceptDate"] = sorted(day.isoformat() for day in cancelled_dates)
    return schedule_data


def json_ld(data):
    """JSON safe to put inside a <script> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308
