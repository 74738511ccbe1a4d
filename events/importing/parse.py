"""An iCalendar file, as Google Calendar, Outlook and others write it, turned into event details.

icalendar reads the file and recurring-ical-events expands repeats, EXDATEs, RDATEs and moved
dates (RECURRENCE-ID) inside the window. A series whose dates one of our repeat rules reproduces
exactly stays one event with that rule (missing dates become cancelled dates); any other series
becomes one event per date. Everything from the file is untrusted: text is made plain and
capped, links must be http(s), and a file too big, too busy or unreadable fails with a message."""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic

import icalendar
import recurring_ical_events

from django.conf import settings
from django.utils.html import strip_tags

from .. import schedule
from ..models.details import UK_POSTCODE, normalise_postcode
from ..schedule import Repeat
from . import SourceError

TITLE_MAX = 120
SUMMARY_MAX = 300
DESCRIPTION_MAX = 5000
VENUE_NAME_MAX = 200
VENUE_ADDRESS_MAX = 500
URL_MAX = 500
# Repeats finer than a day, or at chosen hours, minutes or seconds, are not community events
# and can expand to millions of dates: such a rule fails the source before it is expanded.
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY"}
REFUSED_RULE_PARTS = {"BYSECOND", "BYMINUTE", "BYHOUR"}
POSTCODE_ANYWHERE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.IGNORECASE)
HIDDEN_HTML = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
LINE_BREAK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Where a series is kept as a rule, the candidates, in the order a person would choose them.
SERIES_RULES = [Repeat.WEEKLY, Repeat.FORTNIGHTLY, Repeat.MONTHLY_WEEKDAY, Repeat.MONTHLY_DATE, Repeat.DAILY]


@dataclass
class ParsedEvent:
    """One event to import, in the terms of EventDetails (aware datetimes, plain text)."""

    key: str
    uid: str
    recurrence_id: str
    fingerprint: str
    title: str
    summary: str
    description: str
    start: datetime
    end: datetime
    all_day: bool
    repeat: str = Repeat.NONE
    repeat_until: date | None = None
    cancelled_dates: list = field(default_factory=list)  # [(date, reason)]
    venue_name: str = ""
    venue_address: str = ""
    venue_postcode: str = ""
    online_url: str = ""
    booking_url: str = ""
    cancelled: bool = False

    @property
    def last_ends_at(self):
        spans = schedule.spans(self.start, self.end, self.all_day, self.repeat, self.repeat_until)
        return spans[-1].end if spans else self.end


# ---------------------------------------------------------------------------
# Untrusted text
# ---------------------------------------------------------------------------


def plain_text(value, limit, single_line=False):
    """Text with any HTML removed (scripts and styles with their content), entities decoded,
    control and direction-changing characters dropped, whitespace tidied, cut to `limit`."""
    text = str(value or "")
    if "<" in text:
        text = HIDDEN_HTML.sub(" ", text)
        text = LINE_BREAK_TAGS.sub("\n", text)
        text = strip_tags(text)
    text = CONTROL.sub("", html.unescape(text)).replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = " ".join(text.split())
    else:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return truncate(text, limit)


def truncate(text, limit):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def web_link(value):
    """An http(s) link, or empty: no javascript:, data: or other schemes, nothing over URL_MAX."""
    url = str(value or "").strip()
    if not re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) or len(url) > URL_MAX:
        return ""
    return url


def place(location):
    """LOCATION in our terms: (venue name, address lines, postcode, online link)."""
    text = plain_text(location, 1000)
    link = web_link(text)
    if link:
        return "", "", "", link
    postcode = ""
    match = POSTCODE_ANYWHERE.search(text)
    if match and UK_POSTCODE.match(normalise_postcode(match.group(1))):
        postcode = normalise_postcode(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()
    parts = [part.strip(" ,") for part in re.split(r"[,\n]", text) if part.strip(" ,")]
    name = truncate(parts[0], VENUE_NAME_MAX) if parts else ""
    address = truncate("\n".join(parts[1:]), VENUE_ADDRESS_MAX)
    return name, address, postcode, ""


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def as_utc(value):
    """A date-time from the file as aware UTC; floating (no time zone) means UK time."""
    if value.tzinfo is None:
        return schedule.from_local(value)
    return value.astimezone(UTC)


def occurrence_times(component):
    """(start, end, all_day) of one expanded occurrence; an all-day end is its last day."""
    start, end = component.get("DTSTART").dt, component.get("DTEND").dt if "DTEND" in component else None
    if not isinstance(start, datetime):
        last = (end if isinstance(end, date) else start + timedelta(days=1)) - timedelta(days=1)
        last = max(last, start)
        return (
            schedule.from_local(datetime.combine(start, time.min)),
            schedule.from_local(datetime.combine(last, time.min)),
            True,
        )
    start = as_utc(start)
    end = as_utc(end) if isinstance(end, datetime) else start
    if "DURATION" in component and "DTEND" not in component:
        end = start + component.get("DURATION").dt
    if end <= start:
        # No end, or a zero-length event: shown as an hour rather than refused.
        end = start + timedelta(hours=1)
    return start, end, False


def id_text(value):
    if value is None:
        return ""
    value = value.dt if hasattr(value, "dt") else value
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def key_for(uid, recurrence_id=""):
    return hashlib.sha256(f"{uid}\n{recurrence_id}".encode()).hexdigest()


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------


def read_calendar(body):
    """Bytes to an icalendar Calendar, or SourceError saying why not."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError("the calendar's text is not in UTF-8 (its encoding is broken)") from error
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise SourceError("the address did not return a calendar file (no BEGIN:VCALENDAR)")
    count = len(re.findall(r"^BEGIN:VEVENT", text, re.MULTILINE | re.IGNORECASE))
    if count > settings.CALENDAR_IMPORT_MAX_COMPONENTS:
        raise SourceError(
            f"the calendar has {count} events in it; we read at most "
            f"{settings.CALENDAR_IMPORT_MAX_COMPONENTS}"
        )
    try:
        return icalendar.Calendar.from_ical(text)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError... on bad input
        raise SourceError("the calendar file could not be read (it is not valid iCalendar)") from error


def check_events(calendar):
    """Refuse unreadable dates and runaway repeat rules before anything is expanded."""
    rdate_count = 0
    for event in calendar.walk("VEVENT"):
        title = plain_text(event.get("SUMMARY", ""), 60, single_line=True) or "an event"
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE", "DURATION", "RRULE"):
            if any(prop == name for prop, _message in getattr(event, "errors", [])):
                raise SourceError(f'"{title}" has a {name} we cannot read')
        if "DTSTART" not in event:
            raise SourceError(f'"{title}" has no start date')
        try:
            start = event.get("DTSTART").dt
            rule_list(event)
        except Exception as error:
            raise SourceError(f'"{title}" has a date we cannot read') from error
        if not isinstance(start, date) or (isinstance(start, date) and start.year < 1900):
            raise SourceError(f'"{title}" has a date we cannot read')
        rdates = event.get("RDATE")
        rdate_count += sum(
            len(item.dts) for item in (rdates if isinstance(rdates, list) else [rdates] if rdates else [])
        )
        if rdate_count > settings.CALENDAR_IMPORT_MAX_EVENTS:
            raise SourceError(
                f"the calendar lists more than {settings.CALENDAR_IMPORT_MAX_EVENTS} extra dates (RDATE)"
            )
        for rule in rule_list(event):
            if set(rule.get("FREQ", [])) & REFUSED_FREQUENCIES or set(rule) & REFUSED_RULE_PARTS:
                raise SourceError(f'"{title}" repeats more often than once a day, which we do not import')


def occurrences(calendar, first, last):
    """{uid: [occurrence, ...]} for every occurrence overlapping `first` to `last`, soonest first,
    and {uid: [VEVENT, ...]} as the file has them.

    Expanded one UID at a time, so the count and the clock are checked as it goes: no calendar
    holds more than CALENDAR_IMPORT_MAX_EVENTS occurrences in memory or reads for much longer
    than CALENDAR_IMPORT_PARSE_SECONDS (one UID takes well under a second, as rules finer than a
    day and dates before 1900 are refused first)."""
    deadline = monotonic() + settings.CALENDAR_IMPORT_PARSE_SECONDS
    limit = settings.CALENDAR_IMPORT_MAX_EVENTS
    timezones = calendar.walk("VTIMEZONE")
    components = {}
    for event in calendar.walk("VEVENT"):
        uid = plain_text(event.get("UID", ""), 1000, single_line=True)
        if uid:  # RFC 5545 requires one; without it the event cannot be kept in step
            components.setdefault(uid, []).append(event)
    found, total = {}, 0
    for uid, events in components.items():
        if monotonic() > deadline:
            raise SourceError(
                f"the calendar took more than {settings.CALENDAR_IMPORT_PARSE_SECONDS} seconds to read"
            )
        one = icalendar.Calendar()
        for component in [*timezones, *events]:
            one.add_component(component)
        try:
            items = recurring_ical_events.of(one).between(first, last)
            items.sort(key=lambda item: occurrence_times(item)[0])
        except Exception as error:  # a bad rule or date the checks above did not catch
            raise SourceError("the calendar has a date or repeat rule we cannot read") from error
        total += len(items)
        if total > limit:
            raise SourceError(
                f"the calendar has more than {limit} events in the next 12 months "
                "(perhaps a repeat that never stops)"
            )
        if items:
            found[uid] = items
    return found, components


def parse(body, source_name, now):
    """The events in a calendar file that are not over by `now` and start within the window."""
    calendar = read_calendar(body)
    check_events(calendar)
    first = now
    last = now + timedelta(days=settings.CALENDAR_IMPORT_WINDOW_DAYS)
    by_uid, components = occurrences(calendar, first, last)
    events = []
    for uid, items in by_uid.items():
        events.extend(events_for_uid(uid, items, components[uid], source_name, now))
    return events


def ical_text(value):
    return value.to_ical().decode(errors="replace") if hasattr(value, "to_ical") else str(value)


def source_fingerprint(*components):
    """A hash of what the file says about an event, so an unchanged event is left alone."""
    wanted = ("SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS", "DTSTART", "DTEND", "DURATION")
    data = [
        {name: ical_text(component.get(name)) for name in wanted if name in component}
        for component in components
    ]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def details(component, source_name):
    """The fields one VEVENT gives, whatever its dates."""
    title = plain_text(component.get("SUMMARY", ""), TITLE_MAX, single_line=True) or "Untitled event"
    description = plain_text(component.get("DESCRIPTION", ""), DESCRIPTION_MAX)
    first_paragraph = description.split("\n\n")[0].replace("\n", " ")
    summary = truncate(first_paragraph, SUMMARY_MAX) if first_paragraph else f"An event by {source_name}."
    venue_name, venue_address, venue_postcode, online_url = place(component.get("LOCATION", ""))
    if not (venue_name or venue_postcode or online_url):
        venue_name = "Place to be confirmed: see the organiser's details"
    return {
        "title": title,
        "summary": truncate(summary, SUMMARY_MAX),
        "description": description,
        "venue_name": venue_name,
        "venue_address": venue_address,
        "venue_postcode": venue_postcode,
        "online_url": online_url,
        "booking_url": web_link(component.get("URL", "")),
        "cancelled": str(component.get("STATUS", "")).upper() == "CANCELLED",
    }


def events_for_uid(uid, items, components, source_name, now):
    """One UID's occurrences as ParsedEvents: a series kept as a rule if one fits, else one each.
    `components` are the UID's VEVENTs as in the file: the series and the dates it changes."""
    overridden = {id_text(event.get("RECURRENCE-ID")) for event in components if "RECURRENCE-ID" in event}
    moved, plain = [], []
    for item in items:
        (moved if id_text(item.get("RECURRENCE-ID")) in overridden else plain).append(item)
    events = []
    for item in moved:
        recurrence_id = id_text(item.get("RECURRENCE-ID"))
        events.append(one_event(uid, recurrence_id, item, source_fingerprint(item), source_name))
    if len(plain) == 1 and not is_repeating(plain[0]) and not moved:
        events.append(one_event(uid, "", plain[0], source_fingerprint(plain[0]), source_name))
        return events
    if not plain:
        return events
    series = as_series(uid, plain, components, moved, source_name, now)
    if series is not None:
        events.append(series)
        return events
    for item in plain:
        recurrence_id = id_text(item.get("RECURRENCE-ID")) or id_text(item.get("DTSTART"))
        events.append(one_event(uid, recurrence_id, item, source_fingerprint(item), source_name))
    return events


def is_repeating(component):
    return any(name in component for name in ("RRULE", "RDATE")) or (
        "RECURRENCE-ID" in component
        and id_text(component.get("RECURRENCE-ID")) != id_text(component.get("DTSTART"))
    )


def one_event(uid, recurrence_id, component, fingerprint, source_name):
    start, end, all_day = occurrence_times(component)
    return ParsedEvent(
        key=key_for(uid, recurrence_id),
        uid=uid,
        recurrence_id=recurrence_id,
        fingerprint=fingerprint,
        start=start,
        end=end,
        all_day=all_day,
        **details(component, source_name),
    )


def rule_list(component):
    rules = component.get("RRULE")
    return rules if isinstance(rules, list) else [rules] if rules else []


def series_fingerprint(components, repeat, base, length):
    """Stable as days pass (the window moves, the rule does not): the details, the rule, and the
    file's own repeat properties and changed dates. (An open-ended series is extended as the
    window moves by sync.extend_series, without a new review.)"""
    masters = [item for item in components if "RECURRENCE-ID" not in item]
    changed = sorted(source_fingerprint(item) for item in components if "RECURRENCE-ID" in item)
    rules = []
    for item in masters:
        for name in ("RRULE", "RDATE", "EXDATE", "DTSTART"):
            values = item.get(name)
            for value in values if isinstance(values, list) else [values] if values is not None else []:
                rules.append(f"{name}:{ical_text(value)}")
    data = [base, repeat, str(length), sorted(rules), changed]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def original_date(component):
    value = component.get("RECURRENCE-ID").dt
    return schedule.to_local(as_utc(value)).date() if isinstance(value, datetime) else value


def as_series(uid, plain, components, moved, source_name, now):
    """The occurrences as one event with one of our repeat rules, or None if none reproduces them.

    Dates the rule has but the file does not (EXDATEs, moved or cancelled dates) become the
    series' cancelled dates. Every date must have the same times and details."""
    first_start, first_end, all_day = occurrence_times(plain[0])
    local_start, local_end = schedule.to_local(first_start), schedule.to_local(first_end)
    # Our repeat rules need each date to start and end on one day; others become one event a date.
    if local_start.date() != local_end.date() and not all_day:
        return None
    if all_day and first_end != first_start:
        return None
    base = details(plain[0], source_name)
    length = local_end - local_start
    dates = set()
    for item in plain:
        start, end, item_all_day = occurrence_times(item)
        if item_all_day != all_day or schedule.to_local(end) - schedule.to_local(start) != length:
            return None
        if schedule.to_local(start).time() != local_start.time() or details(item, source_name) != base:
            return None
        dates.add(schedule.to_local(start).date())
    last_date = max(dates)
    reasons = {}
    for item in moved:
        new_day = schedule.to_local(occurrence_times(item)[0]).date()
        cancelled = str(item.get("STATUS", "")).upper() == "CANCELLED"
        reasons[original_date(item)] = (
            "Cancelled" if cancelled else f"Moved to {schedule.format_date(new_day)}"
        )
    for repeat in SERIES_RULES:
        rule_dates = {
            span.date for span in schedule.spans(first_start, first_end, all_day, repeat, last_date)
        }
        if not dates <= rule_dates:
            continue
        missing = sorted(rule_dates - dates)
        # A rule that needs more cancelled dates than real ones is not the group's rule.
        if len(missing) > len(dates):
            continue
        return ParsedEvent(
            key=key_for(uid),
            uid=uid,
            recurrence_id="",
            fingerprint=series_fingerprint(components, repeat, base, length),
            start=first_start,
            end=first_end,
            all_day=all_day,
            repeat=repeat,
            repeat_until=last_date,
            cancelled_dates=[(day.isoformat(), reasons.get(day, "Cancelled")) for day in missing],
            **base,
        )
    return None
