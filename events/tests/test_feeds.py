"""Calendars and feeds: .ics per event, per date, for the whole calendar and any filtered view,
parsed with icalendar; RSS parsed with feedparser; Google Calendar links."""

from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from events.factories import EventPageFactory, days_from_now, local
from events.models import EventCancellation
from events.schedule import Repeat, local_today

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def rdates(component):
    """The dates of a component's RDATE lines, however many."""
    lines = component.get("RDATE", [])
    return [moment.dt for line in (lines if isinstance(lines, list) else [lines]) for moment in line.dts]


def vevents(cal):
    return list(cal.walk("VEVENT"))


def weekly_event(index, **kwargs):
    defaults = {
        "title": "Conversation café",
        "start": local(2026, 10, 13, 19),
        "end": local(2026, 10, 13, 21),
        "repeat": Repeat.WEEKLY,
        "repeat_until": date(2026, 11, 10),
    }
    return EventPageFactory(parent=index, **{**defaults, **kwargs})


def test_event_calendar_round_trips_with_london_times_and_a_repeat_rule(client, index):
    event = weekly_event(index)
    cal = calendar(client, event.url + "calendar/")
    assert cal["VERSION"] == "2.0" and cal["X-WR-TIMEZONE"] == "Europe/London"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    (master,) = vevents(cal)
    assert master.decoded("DTSTART") == datetime(2026, 10, 13, 19, tzinfo=LONDON)
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    assert str(master["SUMMARY"]) == "Conversation café"
    assert str(master["URL"]) == "http://testserver" + event.url
    # The RRULE, expanded by dateutil, gives exactly the dates the site lists, across the clock change.
    rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=master.decoded("DTSTART"))
    assert list(rule) == [span.start for span in event.spans]
    assert [dt.astimezone(LONDON).hour for dt in rule] == [19] * 5
    # It parses again to the same bytes: a round trip.
    assert Calendar.from_ical(cal.to_ical()).to_ical() == cal.to_ical()


def test_uid_is_stable_across_edits(client, index):
    event = weekly_event(index)
    first = vevents(calendar(client, event.url + "calendar/"))[0]["UID"]
    event.title = "Conversation café (new name)"
    event.start, event.end = local(2026, 10, 13, 18), local(2026, 10, 13, 20)
    event.save_revision().publish()
    again = vevents(calendar(client, event.url + "calendar/"))[0]
    assert again["UID"] == first
    assert str(again["SUMMARY"]) == "Conversation café (new name)"


def test_cancelled_date_is_an_override_with_status_cancelled(client, index):
    event = weekly_event(index)
    event.cancelled_dates.add(EventCancellation(date=date(2026, 10, 27), reason="Hall closed"))
    event.save_revision().publish()
    master, override = vevents(calendar(client, event.url + "calendar/"))
    assert override["UID"] == master["UID"]
    assert override.decoded("RECURRENCE-ID") == datetime(2026, 10, 27, 19, tzinfo=LONDON)
    assert override["STATUS"] == "CANCELLED" and master["STATUS"] == "CONFIRMED"
    assert str(override["SUMMARY"]).startswith("Cancelled: ")


def test_occurrence_calendar_holds_one_date(client, index):
    event = weekly_event(index)
    (one,) = vevents(calendar(client, event.url + "2026-10-27/calendar/"))
    assert one.decoded("DTSTART") == datetime(2026, 10, 27, 19, tzinfo=LONDON)
    assert one.decoded("DTEND") == datetime(2026, 10, 27, 21, tzinfo=LONDON)
    assert "RRULE" not in one
    assert str(one["UID"]) != str(vevents(calendar(client, event.url + "calendar/"))[0]["UID"])
    assert client.get(event.url + "2026-10-28/calendar/").status_code == 404
    assert "attachment" in client.get(event.url + "2026-10-27/calendar/")["Content-Disposition"]


def test_all_day_event_uses_dates_with_an_exclusive_end(client, index):
    event = EventPageFactory(parent=index, start=local(2026, 7, 4), end=local(2026, 7, 5), all_day=True)
    (vevent,) = vevents(calendar(client, event.url + "calendar/"))
    assert vevent.decoded("DTSTART") == date(2026, 7, 4)
    assert vevent.decoded("DTEND") == date(2026, 7, 6)


def test_whole_calendar_and_filtered_calendar_use_the_listing_filters(client, index, erewash, high_peak):
    start = days_from_now(4)
    EventPageFactory(parent=index, title="Erewash", area=erewash, start=start, end=start + timedelta(hours=1))
    EventPageFactory(
        parent=index, title="High Peak", area=high_peak, start=start, end=start + timedelta(hours=1)
    )
    EventPageFactory(
        parent=index,
        title="Long gone",
        start=days_from_now(-200),
        end=days_from_now(-200) + timedelta(hours=1),
    )
    EventPageFactory(parent=index, title="Draft", start=start, end=start + timedelta(hours=1)).unpublish()
    whole = sorted(str(v["SUMMARY"]) for v in vevents(calendar(client, index.url + "calendar/")))
    assert whole == ["Erewash", "High Peak"]
    filtered = calendar(client, index.url + "calendar/?area=erewash")
    assert [str(v["SUMMARY"]) for v in vevents(filtered)] == ["Erewash"]
    assert "filtered" in str(filtered["X-WR-CALNAME"])


def test_rss_feed_of_upcoming_events_parses_and_follows_filters(client, index, erewash):
    later, sooner = days_from_now(9), days_from_now(2)
    EventPageFactory(parent=index, title="Later", area=erewash, start=later, end=later + timedelta(hours=1))
    EventPageFactory(parent=index, title="Sooner & <better>", start=sooner, end=sooner + timedelta(hours=1))
    EventPageFactory(
        parent=index, title="Gone", start=days_from_now(-2), end=days_from_now(-2) + timedelta(hours=1)
    )
    response = client.get(index.url + "feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Sooner & <better>", "Later"]
    entry = feed.entries[1]
    assert entry.link.startswith("http://testserver/events/")
    assert "When:" in entry.summary and "Erewash" in [tag.term for tag in entry.tags]
    assert entry.id.startswith("event-") and entry.guidislink is False
    filtered = feedparser.parse(client.get(index.url + "feed/?area=erewash").content)
    assert [entry.title for entry in filtered.entries] == ["Later"]


def test_google_calendar_links_carry_times_zone_and_repeat(client, index):
    start = datetime.combine(local_today() + timedelta(days=7), time(19), tzinfo=LONDON)
    event = weekly_event(
        index, start=start, end=start + timedelta(hours=2), repeat_until=local_today() + timedelta(days=60)
    )
    content = client.get(event.url).content.decode()
    links = [
        part.split('"')[0].replace("&amp;", "&")
        for part in content.split('href="https://calendar.google.com')[1:]
    ]
    series = parse_qs(urlsplit("https://calendar.google.com" + links[0]).query)
    assert series["action"] == ["TEMPLATE"] and series["ctz"] == ["Europe/London"]
    first = event.spans[0].local_start
    assert series["dates"] == [f"{first:%Y%m%dT190000}/{first:%Y%m%dT210000}"]
    assert series["recur"][0].startswith("RRULE:FREQ=WEEKLY;UNTIL=")
    one_date = parse_qs(urlsplit("https://calendar.google.com" + links[1]).query)
    assert "recur" not in one_date


@pytest.mark.parametrize("count", [3, 30])
def test_calendar_query_count_does_not_grow_with_events(client, index, count, django_assert_num_queries):
    for number in range(count):
        start = days_from_now(2 + number % 7)
        event = EventPageFactory(
            parent=index,
            start=start,
            end=start + timedelta(hours=1),
            repeat=Repeat.WEEKLY,
            repeat_until=local_today() + timedelta(days=40),
        )
        event.cancelled_dates.add(EventCancellation(date=event.spans[1].date))
        event.save_revision().publish()
    client.get(index.url + "calendar/")
    with django_assert_num_queries(10):
        cal = calendar(client, index.url + "calendar/")
    assert len(vevents(cal)) == 2 * count


def test_a_worker_with_empty_memory_reuses_the_calendar_chunks_other_workers_built(
    client, index, django_assert_num_queries
):
    """Chunks live in the shared cache (files every worker reads, or Redis), not in a worker's
    memory: after a restart, the whole calendar is not rebuilt event by event."""
    from django.core.cache import caches

    for number in range(3):
        start = days_from_now(2 + number)
        EventPageFactory(parent=index, start=start, end=start + timedelta(hours=1)).save_revision().publish()
    client.get(index.url + "calendar/")
    caches["default"].clear()  # as in a freshly started worker
    with django_assert_num_queries(10):
        assert len(vevents(calendar(client, index.url + "calendar/"))) == 3


def test_the_whole_calendars_time_zone_covers_every_series_built_or_kept(client, index, monkeypatch):
    """The VTIMEZONE's clock changes run from the first event's year to the last series' end, read
    from each chunk of events, whether the chunk was built for this calendar or kept from before."""
    from events import calendars

    monkeypatch.setattr(calendars, "CALENDAR_CHUNK", 1)  # each event a chunk of its own
    this_year = local_today().year
    EventPageFactory(parent=index, start=days_from_now(3), end=days_from_now(3) + timedelta(hours=1))
    start = days_from_now(10)
    EventPageFactory(
        parent=index,
        start=start,
        end=start + timedelta(hours=1),
        repeat=Repeat.MONTHLY_DATE,
        repeat_until=local_today() + timedelta(days=700),
    )
    last_year = (local_today() + timedelta(days=700)).year
    for _view in ("built", "kept"):
        (zone,) = calendar(client, index.url + "calendar/").walk("VTIMEZONE")
        changes = [part for part in zone.walk() if part.name in ("STANDARD", "DAYLIGHT")]
        years = {day.year for part in changes for day in [part.decoded("DTSTART"), *rdates(part)]}
        assert min(years) <= this_year
        assert max(years) == last_year
