"""The parser on its own: which series keep their rule, which become one event a date, and what
a re-import's fingerprint ignores (the passing of days) and notices (a change at source)."""

from datetime import date, timedelta

from events.importing.parse import parse
from events.schedule import Repeat

from .conftest import NOW, fixture_bytes
from .test_hostile import calendar


def test_a_rule_we_cannot_express_becomes_one_event_a_date_keyed_by_each_date():
    body = calendar(
        ("club", ["DTSTART:20261207T180000Z", "DTEND:20261207T190000Z",
                  "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", "SUMMARY:Club", "LOCATION:Hall"]),
    )  # fmt: skip
    events = parse(body, "Group", NOW)
    assert [event.start.date() for event in events] == [
        date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 14), date(2026, 12, 16)
    ]  # fmt: skip
    assert all(event.repeat == Repeat.NONE for event in events)
    assert len({event.key for event in events}) == 4 and events[1].recurrence_id == "20261209T180000Z"


def test_an_extra_rdate_date_means_the_series_is_imported_date_by_date():
    body = calendar(
        ("rd", ["DTSTART:20261207T180000Z", "DTEND:20261207T190000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
                "RDATE:20261210T180000Z", "SUMMARY:Club", "LOCATION:Hall"]),
    )  # fmt: skip
    events = parse(body, "Group", NOW)
    assert len(events) == 4 and all(event.repeat == Repeat.NONE for event in events)


def test_an_overnight_series_is_imported_date_by_date():
    body = calendar(
        ("late", ["DTSTART:20261207T220000Z", "DTEND:20261208T010000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
                  "SUMMARY:Night walk", "LOCATION:Hall"]),
    )  # fmt: skip
    events = parse(body, "Group", NOW)
    assert len(events) == 3 and all(event.repeat == Repeat.NONE for event in events)


def test_a_series_fingerprint_does_not_change_as_days_pass_but_does_when_the_source_changes():
    body = fixture_bytes("google.ics")
    today = {event.uid: event for event in parse(body, "Group", NOW) if not event.recurrence_id}
    a_week_on = {event.uid: event for event in parse(body, "Group", NOW + timedelta(days=7))}
    series = "5k2c0a9qj4m1s3@google.com"
    assert a_week_on[series].start > today[series].start  # the window moved on
    assert a_week_on[series].fingerprint == today[series].fingerprint
    changed = body.replace(b"EXDATE;TZID=Europe/London:20261229T100000\r\n", b"")
    again = {event.uid: event for event in parse(changed, "Group", NOW) if not event.recurrence_id}
    assert again[series].fingerprint != today[series].fingerprint
    assert [day for day, _reason in again[series].cancelled_dates] == ["2026-12-08", "2026-12-22"]


def test_a_series_fixed_in_utc_moves_an_hour_in_summer_so_is_imported_date_by_date():
    body = calendar(
        ("utc", ["DTSTART:20261207T180000Z", "DTEND:20261207T190000Z", "RRULE:FREQ=WEEKLY;COUNT=30",
                 "SUMMARY:Choir", "LOCATION:Hall"]),
    )  # fmt: skip
    events = parse(body, "Group", NOW)
    assert len(events) == 30 and {event.start.hour for event in events} == {18}


def test_an_open_ended_weekly_series_runs_to_the_end_of_the_window():
    body = calendar(
        ("open", ["DTSTART;TZID=Europe/London:20200106T180000", "DTEND;TZID=Europe/London:20200106T190000",
                  "RRULE:FREQ=WEEKLY",
                  "SUMMARY:Choir", "LOCATION:Hall"]),
    )  # fmt: skip
    (event,) = parse(body, "Group", NOW)
    assert event.repeat == Repeat.WEEKLY and event.start.date() == date(2026, 11, 30)
    assert event.repeat_until == date(2027, 11, 29)
