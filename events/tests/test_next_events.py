"""next_events reads the occurrence table with a LIMIT: distinct events, soonest first, with a
handful of queries however many events and dates there are."""

from datetime import timedelta

import pytest

from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from events.factories import EventPageFactory, days_from_now
from events.models import EventOccurrence, EventPage, next_events
from events.schedule import Repeat

pytestmark = pytest.mark.django_db


def event(index, title, days, **kwargs):
    start = days_from_now(days)
    return EventPageFactory(parent=index, title=title, start=start, end=start + timedelta(hours=1), **kwargs)


def test_a_daily_series_counts_once_and_later_events_still_show(home, index):
    event(index, "Daily coffee", 1, repeat=Repeat.DAILY, repeat_until=days_from_now(200).date())
    event(index, "Later", 40)
    event(index, "Much later", 90)
    event(index, "Finished", -5)
    assert [e.title for e in next_events(home)] == ["Daily coffee", "Later", "Much later"]


def test_the_query_count_does_not_grow_with_the_number_of_events(home, index):
    for n in range(3):
        event(index, f"Event {n}", n + 1)
    with CaptureQueriesContext(connection) as few:
        next_events(home)
    for n in range(30):
        event(index, f"More {n}", n + 1)
    with CaptureQueriesContext(connection) as many:
        assert len(next_events(home)) == 3
    assert len(many) == len(few)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL plans from statistics"
)
def test_a_page_of_upcoming_dates_is_read_in_start_order_not_sorted_from_every_later_date(home, index):
    """SQLite would otherwise read every later date by the (end, start) index and sort them all
    for a page of twenty: the listing's and next events' cost grew with the number of events."""
    for plan in (
        index.occurrences().upcoming()[:20].explain(),
        EventOccurrence.objects.filter(Exists(EventPage.objects.live().filter(pk=OuterRef("event_id"))))
        .upcoming()
        .values("event_id")[:3]
        .explain(),
    ):
        assert "events_even_start" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
