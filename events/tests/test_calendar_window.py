"""The whole calendar is bounded (the last 30 days, the next 12 months) and built from cached
per-event parts, so it stays small and fast however many events the hub holds."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.factories import EventPageFactory, days_from_now
from events.schedule import Repeat

pytestmark = pytest.mark.django_db


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return sorted(str(vevent["SUMMARY"]) for vevent in Calendar.from_ical(response.content).walk("VEVENT"))


def event(index, title, days, **kwargs):
    start = days_from_now(days)
    return EventPageFactory(parent=index, title=title, start=start, end=start + timedelta(hours=2), **kwargs)


def test_the_whole_calendar_keeps_30_days_of_history_and_looks_12_months_ahead(client, index):
    event(index, "Last week", -7)
    event(index, "Six weeks ago", -42)
    event(index, "Next month", 30)
    event(index, "In two years", 730)
    assert titles(client, index.url + "calendar/") == ["Last week", "Next month"]


def test_a_long_series_is_one_rrule_not_its_dates(client, index):
    start = days_from_now(3)
    EventPageFactory(
        parent=index,
        title="Weekly café",
        start=start,
        end=start + timedelta(hours=2),
        repeat=Repeat.WEEKLY,
        repeat_until=(start + timedelta(days=600)).date(),
    )
    content = client.get(index.url + "calendar/").content.decode()
    assert content.count("BEGIN:VEVENT") == 1 and "RRULE:FREQ=WEEKLY" in content


def test_each_event_is_built_once_until_it_is_published_again(client, index):
    events = [event(index, f"Event {n}", n + 1) for n in range(5)]
    url = index.url + "calendar/"
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    # Joined from the cache: no cancelled-dates query for the events.
    assert not any("events_eventcancellation" in query["sql"] for query in warm)

    events[0].title = "Renamed event"
    events[0].save_revision().publish()
    assert "Renamed event" in titles(client, url)
    assert "Event 1" in titles(client, url)
