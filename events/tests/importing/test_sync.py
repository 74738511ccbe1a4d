"""Importing a group's calendar: Google and Outlook shapes become submissions or pages, re-imports
update in place, cancellations and removals cancel here, and editors' fields survive."""

from datetime import date, datetime, timedelta

import pytest

from wagtail.models import Revision

from events.importing.run import import_source
from events.importing.sync import CANCELLED_AT_SOURCE, REMOVED_AT_SOURCE
from events.models import CalendarSource, EventCancellation, EventPage, EventSubmission, ImportedEvent
from events.moderation import approve
from events.schedule import LONDON, Repeat

from .conftest import NOW, fixture_bytes

pytestmark = pytest.mark.django_db

TRUSTED = CalendarSource.Trust.TRUSTED
CAFE_UID = "5k2c0a9qj4m1s3@google.com"


def snapshot():
    """Everything an import could change, to prove a second import changes nothing."""
    return (
        list(EventSubmission.objects.order_by("pk").values()),
        list(EventPage.objects.order_by("pk").values("pk", "title", "live", "status", "latest_revision_id")),
        Revision.objects.count(),
        list(ImportedEvent.objects.order_by("pk").values("pk", "fingerprint", "cancelled_at", "event_page")),
    )


def page_for(uid, recurrence_id=""):
    link = ImportedEvent.objects.get(uid=uid, recurrence_id=recurrence_id)
    return EventPage.objects.get(pk=link.event_page_id)


def london(*parts):
    return datetime(*parts, tzinfo=LONDON)


def test_a_review_source_puts_each_new_event_in_the_moderation_queue_marked_imported(
    calendar_server, make_source, erewash, music
):
    url = calendar_server.serve("/cafe.ics", fixture_bytes("google.ics"))
    source = make_source(url, default_area=erewash, default_category=music)

    # The series, its moved date, a one-off and an all-day event; the cancelled quiz was never
    # imported, so there is nothing to cancel, and the past event is outside the window.
    assert import_source(source, now=NOW).startswith("4 new")

    assert not EventPage.objects.exists()
    pending = EventSubmission.objects.pending()
    assert set(pending.values_list("title", flat=True)) == {
        "Community café",
        "Community café (Christmas special)",
        "Carol concert",
        "Great river clean-up",
    }
    for submission in pending:
        assert submission.is_imported and submission.imported_event.source == source
        assert submission.organiser_name == "Matlock Community Café"
        assert (submission.area, submission.category) == (erewash, music)
    source.refresh_from_db()
    assert (source.last_success_at, source.last_error, source.events_imported) == (NOW, "", 4)


def test_imported_text_is_plain_capped_and_links_are_http_only(calendar_server, make_source):
    import_source(make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics"))), now=NOW)

    cafe = EventSubmission.objects.get(title="Community café")
    assert cafe.description == (
        "Free tea and cake for everyone.\nCome along and meet your neighbours.\n\nBring a friend!"
    )
    assert "<" not in cafe.description and "alert" not in cafe.description
    assert cafe.summary == "Free tea and cake for everyone. Come along and meet your neighbours."
    assert (cafe.venue_name, cafe.venue_address, cafe.venue_postcode) == (
        "Matlock Community Centre",
        "12 Bank Road\nMatlock\nUK",
        "DE4 3AG",
    )
    carols = EventSubmission.objects.get(title="Carol concert")
    assert carols.booking_url == ""  # it was javascript:
    clean_up = EventSubmission.objects.get(title="Great river clean-up")
    assert clean_up.booking_url == "https://example.org/river-clean-up"


def test_a_weekly_series_keeps_its_rule_and_its_missing_and_moved_dates_become_cancelled_dates(
    calendar_server, make_source
):
    source = make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")), trust=TRUSTED)
    import_source(source, now=NOW)

    series = page_for(CAFE_UID)
    assert series.live and series.repeat == Repeat.WEEKLY and series.repeat_until == date(2027, 2, 23)
    assert series.start == london(2026, 12, 1, 10) and series.end == london(2026, 12, 1, 12)
    cancelled = {item.date: item.reason for item in series.cancelled_dates.all()}
    assert cancelled == {
        date(2026, 12, 8): "Moved to Wednesday 9 December 2026",
        date(2026, 12, 22): "Cancelled",
        date(2026, 12, 29): "Cancelled",
    }
    moved = page_for(CAFE_UID, "20261208T100000Z")
    assert moved.title == "Community café (Christmas special)" and moved.repeat == Repeat.NONE
    assert moved.start == london(2026, 12, 9, 14)


def test_a_trusted_source_publishes_through_the_approval_path(calendar_server, make_source, common_ground):
    source = make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")), trust=TRUSTED)
    source.default_themes.add(common_ground)
    import_source(source, now=NOW)

    assert EventPage.objects.live().count() == 4
    assert not EventSubmission.objects.pending().exists()
    for submission in EventSubmission.objects.all():
        assert submission.status == EventSubmission.Status.APPROVED and submission.event_page.live
    carols = page_for("3q7onceoff@google.com")
    assert carols.organiser_name == "Matlock Community Café"
    assert list(carols.themes.all()) == [common_ground]
    assert carols.start == london(2026, 12, 10, 19)


def test_outlook_time_zones_floating_times_and_all_day_events_are_read_as_uk_time(
    calendar_server, make_source
):
    source = make_source(calendar_server.serve("/walks.ics", fixture_bytes("outlook.ics")), trust=TRUSTED)
    assert import_source(source, now=NOW).startswith("3 new")

    walk = EventPage.objects.get(title="Monthly heritage walk")
    assert walk.repeat == Repeat.MONTHLY_WEEKDAY and walk.repeat_until == date(2027, 5, 1)
    assert walk.start == london(2026, 12, 5, 10) and walk.end == london(2026, 12, 5, 12, 30)
    assert [item.date for item in walk.cancelled_dates.all()] == [date(2027, 1, 2)]
    assert walk.venue_postcode == "NG10 1JG"
    # Floating 7:30pm in June is 7:30pm British Summer Time.
    evening = EventPage.objects.get(title="Evening walk (summer time)")
    assert evening.start == london(2027, 6, 10, 19, 30)
    fair = EventPage.objects.get(title="Summer fair")
    assert fair.all_day and fair.start == london(2027, 6, 12) and fair.end == london(2027, 6, 12)


@pytest.mark.parametrize("trust", [CalendarSource.Trust.REVIEW, TRUSTED])
def test_importing_the_same_calendar_twice_changes_nothing(calendar_server, make_source, trust):
    source = make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")), trust=trust)
    import_source(source, now=NOW)
    before = snapshot()

    assert import_source(source, now=NOW).startswith("0 new, 0 updated, 0 cancelled, 4 unchanged")
    assert snapshot() == before


def test_a_changed_event_is_updated_in_place_and_editors_fields_are_kept(
    calendar_server, make_source, high_peak, image
):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body), trust=TRUSTED)
    import_source(source, now=NOW)
    carols = page_for("3q7onceoff@google.com")
    carols.area, carols.hearing_loop, carols.image, carols.image_alt = high_peak, True, image, "Choir"
    carols.save_revision().publish()

    changed = body.replace(b"SUMMARY:Carol concert", b"SUMMARY:Carols by candlelight").replace(
        b"20261210T190000", b"20261210T183000"
    )
    calendar_server.serve("/cafe.ics", changed)
    assert "1 updated" in import_source(source, now=NOW)

    carols = EventPage.objects.get(pk=carols.pk)
    assert carols.title == "Carols by candlelight" and carols.start == london(2026, 12, 10, 18, 30)
    assert (carols.area, carols.hearing_loop, carols.image, carols.image_alt) == (
        high_peak,
        True,
        image,
        "Choir",
    )
    assert EventPage.objects.filter(title__startswith="Carol").count() == 1


def test_a_change_from_a_review_source_waits_for_approval_then_updates_the_same_page(
    calendar_server, make_source, admin_user
):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body))
    import_source(source, now=NOW)
    first = EventSubmission.objects.get(title="Carol concert")
    page = approve(first, admin_user, publish=True)

    calendar_server.serve(
        "/cafe.ics", body.replace(b"SUMMARY:Carol concert", b"SUMMARY:Carols by candlelight")
    )
    import_source(source, now=NOW)
    assert EventPage.objects.get(pk=page.pk).title == "Carol concert"  # not until a Moderator approves
    change = EventSubmission.objects.pending().get(title="Carols by candlelight")
    assert change.imported_event == first.imported_event

    assert approve(change, admin_user, publish=True).pk == page.pk
    assert EventPage.objects.get(pk=page.pk).title == "Carols by candlelight"
    assert EventPage.objects.filter(title__startswith="Carol").count() == 1


def test_an_event_cancelled_at_source_is_cancelled_here_not_deleted(calendar_server, make_source):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body), trust=TRUSTED)
    import_source(source, now=NOW)
    carols = page_for("3q7onceoff@google.com")

    cancelled = body.replace(
        b"STATUS:CONFIRMED\r\nSUMMARY:Carol concert", b"STATUS:CANCELLED\r\nSUMMARY:Carol concert"
    )
    calendar_server.serve("/cafe.ics", cancelled)
    assert "1 cancelled" in import_source(source, now=NOW)

    carols = EventPage.objects.get(pk=carols.pk)
    assert carols.live and carols.status == EventPage.Status.CANCELLED
    assert carols.status_note == CANCELLED_AT_SOURCE
    assert all(occurrence.is_cancelled for occurrence in carols.occurrences.all())


def test_an_event_removed_from_the_calendar_is_cancelled_but_a_past_one_is_left_alone(
    calendar_server, make_source
):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body), trust=TRUSTED)
    import_source(source, now=NOW)
    carols, clean_up = page_for("3q7onceoff@google.com"), page_for("2n8d7f0allday@google.com")

    start = body.index(b"BEGIN:VEVENT\r\nDTSTART;TZID=Europe/London:20261210T190000")
    without_both = body[:start] + body[body.index(b"END:VEVENT", start) + 12 :]
    start = without_both.index(b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270116")
    without_both = without_both[:start] + without_both[without_both.index(b"END:VEVENT", start) + 12 :]
    calendar_server.serve("/cafe.ics", without_both)
    # By 1 January the carols are over: only the clean-up, still to come, is cancelled.
    later = datetime(2027, 1, 1, 12, tzinfo=NOW.tzinfo)
    assert "1 cancelled" in import_source(source, now=later)

    assert EventPage.objects.get(pk=clean_up.pk).status_note == REMOVED_AT_SOURCE
    carols = EventPage.objects.get(pk=carols.pk)
    assert carols.status == EventPage.Status.SCHEDULED and carols.live


def test_editors_own_cancelled_dates_survive_an_update_from_the_source(calendar_server, make_source):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body), trust=TRUSTED)
    import_source(source, now=NOW)
    series = page_for(CAFE_UID)
    series.cancelled_dates.add(EventCancellation(date=date(2027, 1, 5), reason="Hall closed"))
    series.save_revision().publish()

    calendar_server.serve(
        "/cafe.ics", body.replace("SUMMARY:Community café\r\n".encode(), b"SUMMARY:Community cafe\r\n")
    )
    import_source(source, now=NOW)

    series = EventPage.objects.get(pk=series.pk)
    assert series.title == "Community cafe"
    reasons = {item.date: item.reason for item in series.cancelled_dates.all()}
    assert reasons[date(2027, 1, 5)] == "Hall closed" and reasons[date(2026, 12, 22)] == "Cancelled"


def test_an_event_an_editor_unpublished_is_not_published_again_by_an_update(calendar_server, make_source):
    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body), trust=TRUSTED)
    import_source(source, now=NOW)
    carols = page_for("3q7onceoff@google.com")
    carols.unpublish()

    calendar_server.serve(
        "/cafe.ics", body.replace(b"SUMMARY:Carol concert", b"SUMMARY:Carols by candlelight")
    )
    import_source(source, now=NOW)

    carols = EventPage.objects.get(pk=carols.pk)
    assert not carols.live
    assert carols.get_latest_revision_as_object().title == "Carols by candlelight"


def test_a_calendar_that_has_not_changed_is_not_downloaded_again(calendar_server, make_source):
    url = calendar_server.serve(
        "/cafe.ics", fixture_bytes("google.ics"), ETag='"v1"', Last_Modified="Fri, 20 Nov 2026 09:00:00 GMT"
    )
    source = make_source(url)
    import_source(source, now=NOW)
    source.refresh_from_db()
    assert source.etag == '"v1"'

    assert import_source(source, now=NOW) == "not changed since the last fetch"
    headers = calendar_server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Fri, 20 Nov 2026 09:00:00 GMT"


def test_moderators_see_an_imported_submission_marked_with_its_source(
    calendar_server, make_source, admin_client
):
    from events.factories import EventSubmissionFactory
    from events.wagtail_hooks import submission_admin

    EventSubmissionFactory(title="Sent through the form")
    import_source(make_source(calendar_server.serve("/cafe.ics", fixture_bytes("google.ics"))), now=NOW)
    listing = admin_client.get(submission_admin.url_helper.index_url + "?from=import").content.decode()
    assert "Imported: Matlock Community Café" in listing and "Carol concert" in listing
    series = EventSubmission.objects.get(title="Community café")
    inspect = admin_client.get(
        submission_admin.url_helper.get_action_url("inspect", series.pk)
    ).content.decode()
    assert "Imported from" in inspect and "2026-12-22 (Cancelled)" in inspect
    assert "Sent through the form" not in listing


def test_a_moderator_approves_an_imported_change_in_the_admin_and_the_same_page_is_updated(
    calendar_server, make_source, admin_client, common_ground
):
    from events.wagtail_hooks import submission_admin

    body = fixture_bytes("google.ics")
    source = make_source(calendar_server.serve("/cafe.ics", body))
    import_source(source, now=NOW)
    approve_url = submission_admin.url_helper.get_action_url
    first = EventSubmission.objects.get(title="Carol concert")
    response = admin_client.post(
        approve_url("approve", first.pk), {"action": "publish", "themes": [common_ground.pk]}
    )
    assert response.status_code == 302
    page = page_for("3q7onceoff@google.com")
    assert page.live and list(page.themes.all()) == [common_ground]

    calendar_server.serve(
        "/cafe.ics", body.replace(b"SUMMARY:Carol concert", b"SUMMARY:Carols by candlelight")
    )
    import_source(source, now=NOW)
    change = EventSubmission.objects.pending().get(title="Carols by candlelight")
    assert admin_client.post(approve_url("approve", change.pk), {"action": "publish"}).status_code == 302

    page = EventPage.objects.get(pk=page.pk)
    assert page.title == "Carols by candlelight" and list(page.themes.all()) == [common_ground]
    assert EventPage.objects.count() == 1


def test_a_series_that_never_ends_is_extended_as_time_passes_without_a_new_review(
    calendar_server, make_source
):
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:choir\r\n"
        b"DTSTART;TZID=Europe/London:20200106T180000\r\nDTEND;TZID=Europe/London:20200106T190000\r\n"
        b"RRULE:FREQ=WEEKLY\r\nSUMMARY:Choir\r\nLOCATION:Hall\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    source = make_source(calendar_server.serve("/choir.ics", body))
    import_source(source, now=NOW)
    page = approve(EventSubmission.objects.get(), None, publish=True)
    assert page.repeat == Repeat.WEEKLY and page.repeat_until == date(2027, 11, 29)

    before = snapshot()
    assert "1 unchanged" in import_source(source, now=NOW + timedelta(days=20))
    assert snapshot() == before

    assert "1 updated" in import_source(source, now=NOW + timedelta(days=40))
    page = EventPage.objects.get(pk=page.pk)
    assert page.live and page.repeat_until == date(2028, 1, 3) and page.start == london(2027, 1, 11, 18)
    assert not EventSubmission.objects.pending().exists()
