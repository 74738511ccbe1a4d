"""A malformed or hostile calendar fails its own source, with a clear error, in bounded time and
memory; the other sources import as usual, and three failures in a row show on the dashboard."""

import pytest

from events.importing import SourceError
from events.importing.parse import parse
from events.importing.run import import_due_sources, import_source
from events.models import CalendarSource, EventSubmission

from .conftest import NOW, fixture_bytes

pytestmark = pytest.mark.django_db


def calendar(*events):
    body = "".join(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T090000Z\r\n{lines}END:VEVENT\r\n".format(
            uid=uid, lines="".join(line + "\r\n" for line in lines)
        )
        for uid, lines in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


ONE_EVENT = ["DTSTART:20261210T190000Z", "DTEND:20261210T210000Z", "SUMMARY:Fine", "LOCATION:Hall"]

HOSTILE = {
    "every second for ever": (
        calendar(("spam", ["DTSTART:20261201T100000Z", "RRULE:FREQ=SECONDLY", "SUMMARY:Spam", "LOCATION:x"])),
        "repeats more often than once a day",
    ),
    "every hour by the minute": (
        calendar(("spam", ["DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;BYMINUTE=0,1,2", "SUMMARY:S"])),
        "repeats more often than once a day",
    ),
    "every day from 1900, for ever": (
        calendar(
            ("old", ["DTSTART:19000101T100000Z", "RRULE:FREQ=DAILY", "SUMMARY:Old", "LOCATION:x"])
        ).replace(b"END:VCALENDAR", b"")
        + b"".join(
            f"BEGIN:VEVENT\r\nUID:d{n}\r\nDTSTART:19000101T10{n:02d}00Z\r\nRRULE:FREQ=DAILY\r\n"
            f"SUMMARY:Daily {n}\r\nEND:VEVENT\r\n".encode()
            for n in range(3)
        )
        + b"END:VCALENDAR\r\n",
        "more than 1000 events in the next 12 months",
    ),
    "a hundred thousand events": (
        calendar(*((f"e{n}", ["DTSTART:20261210T190000Z"]) for n in range(100_000))),
        "100000 events in it",
    ),
    "a month that does not exist": (
        calendar(("bad", ["DTSTART:20261340T100000Z", "SUMMARY:Bad date"])),
        '"Bad date" has a DTSTART we cannot read',
    ),
    "no start": (calendar(("nostart", ["SUMMARY:Floating in time"])), "has no start date"),
    "broken encoding": (
        calendar(("latin", [*ONE_EVENT[:2], "SUMMARY:Caf\xe9"])).replace(b"Caf\xc3\xa9", b"Caf\xe9"),
        "not in UTF-8",
    ),
    "a web page": (b"<!doctype html><html><body>Sign in</body></html>", "did not return a calendar file"),
    "a truncated file": (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026",
        "could not be read|cannot read",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_calendar_fails_with_a_clear_error(name):
    body, message = HOSTILE[name]
    with pytest.raises(SourceError, match=message):
        parse(body, "Group", NOW)


def test_a_fifty_megabyte_calendar_fails_its_source(calendar_server, make_source):
    huge = calendar(*((f"e{n}", ONE_EVENT) for n in range(1))) + b" " * (50 * 1024 * 1024)
    source = make_source(calendar_server.serve("/huge.ics", huge, Content_Length="omit"))
    assert import_source(source, now=NOW) == "failed: the calendar is larger than 5 MB"


def test_scripts_and_markup_in_a_calendar_arrive_as_plain_text(calendar_server, make_source):
    body = calendar(
        (
            "xss",
            [
                "DTSTART:20261210T190000Z",
                "DTEND:20261210T210000Z",
                "SUMMARY:<img src=x onerror=alert(1)>Quiz &amp; chips",
                "DESCRIPTION:<style>p{}</style><p>Teams of four</p><script>steal()</script>\\n\u202eevil",
                "LOCATION:<b>Hall</b>",
                "URL:data:text/html;base64,PHNjcmlwdD4=",
            ],
        )
    )
    import_source(make_source(calendar_server.serve("/xss.ics", body)), now=NOW)
    submission = EventSubmission.objects.get()
    assert submission.title == "Quiz & chips"
    assert submission.description == "Teams of four\n\nevil"
    assert submission.venue_name == "Hall" and submission.booking_url == ""


def test_a_very_long_calendar_text_is_capped(calendar_server, make_source):
    body = calendar(("long", [*ONE_EVENT[:2], "SUMMARY:" + "Long " * 200, "DESCRIPTION:" + "Words " * 5000]))
    import_source(make_source(calendar_server.serve("/long.ics", body)), now=NOW)
    submission = EventSubmission.objects.get()
    assert len(submission.title) <= 120 and submission.title.endswith("…")
    assert len(submission.description) <= 5000 and len(submission.summary) <= 300


def test_one_failing_source_does_not_stop_the_others(calendar_server, make_source):
    broken = make_source(calendar_server.serve("/spam.ics", HOSTILE["every second for ever"][0]))
    missing = make_source(calendar_server.url("/gone.ics"))
    good = make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")))

    report = import_due_sources(now=NOW)

    assert EventSubmission.objects.filter(imported_event__source=good).count() == 4
    for source, error in [
        (broken, '"Spam" repeats more often than once a day, which we do not import'),
        (missing, "The calendar address answered 404 (not found)"),
    ]:
        source.refresh_from_db()
        assert source.last_error == error and source.consecutive_failures == 1
        assert source.last_fetch_at == NOW and source.last_success_at is None
    assert "404" in report


def test_an_unexpected_error_fails_only_its_source(calendar_server, make_source, monkeypatch):
    first = make_source(calendar_server.serve("/a.ics", calendar(("a", ONE_EVENT))))
    second = make_source(calendar_server.serve("/b.ics", calendar(("b", ONE_EVENT))))
    from events.importing import run

    real_sync = run.sync_source

    def explode_for_first(source, events, now):
        if source == first:
            raise RuntimeError("bug")
        return real_sync(source, events, now)

    monkeypatch.setattr(run, "sync_source", explode_for_first)
    import_due_sources(now=NOW)
    first.refresh_from_db()
    assert first.last_error.startswith("Something unexpected went wrong")
    assert EventSubmission.objects.filter(imported_event__source=second).count() == 1


def test_pending_and_paused_sources_are_never_fetched(calendar_server, make_source):
    url = calendar_server.serve("/cafe.ics", fixture_bytes("google.ics"))
    make_source(url, status=CalendarSource.Status.PENDING)
    make_source(url, status=CalendarSource.Status.PAUSED)
    assert import_due_sources(now=NOW) == "no calendars due"
    assert calendar_server.requests == []


def test_a_source_is_fetched_again_only_after_its_interval(calendar_server, make_source):
    from datetime import timedelta

    make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")), interval_minutes=120)
    import_due_sources(now=NOW)
    assert import_due_sources(now=NOW + timedelta(minutes=119)) == "no calendars due"
    assert len(calendar_server.requests) == 1
    import_due_sources(now=NOW + timedelta(minutes=120))
    assert len(calendar_server.requests) == 2


def test_three_failures_in_a_row_show_on_the_dashboard(calendar_server, make_source, admin_client):
    from datetime import timedelta

    source = make_source(calendar_server.url("/gone.ics"))
    for attempt in range(3):
        dashboard = admin_client.get("/admin/").content.decode()
        assert "Calendar imports failing" not in dashboard
        import_due_sources(now=NOW + timedelta(hours=attempt))
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Calendar imports failing" in dashboard
    assert "The calendar address answered 404 (not found) (3 failures in a row)" in dashboard

    calendar_server.serve("/gone.ics", calendar(("back", ONE_EVENT)))
    import_due_sources(now=NOW + timedelta(hours=4))
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""
    assert "Calendar imports failing" not in admin_client.get("/admin/").content.decode()


def test_reading_a_calendar_stops_at_its_time_limit(settings):
    settings.CALENDAR_IMPORT_PARSE_SECONDS = 0
    body = calendar(*((f"e{n}", ONE_EVENT) for n in range(3)))
    with pytest.raises(SourceError, match="took more than 0 seconds to read"):
        parse(body, "Group", NOW)
