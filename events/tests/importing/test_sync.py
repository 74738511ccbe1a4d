"""Importing a group's calendar: Google and Outlook shapes become submissions or pages, re-imports
update in place, cancellations and removals cancel here, and editors' fields survive."""

from datetime import date

import pytest

from wagtail.models import Revision

from events.importing.run import import_source
from events.importing.sync import CANCELLED_AT_SOURCE, REMOVED_AT_SOURCE
from events.models import CalendarSource, EventPage, EventSubmission, ImportedEvent
from events.moderation import approve

from .conftest import NOW, fixture_bytes

pytestmark = pytest.mark.django_db

TRUSTED = CalendarSource.Trust.TRUSTED


def snapshot():
    """Everything an import could change, to prove a second import changes nothing."""
    return (
        list(EventSubmission.objects.order_by("pk").values()),
        list(EventPage.objects.order_by("pk").values("pk", "title", "live", "status", "latest_revision_id")),
        Revision.objects.count(),
        list(ImportedEvent.objects.order_by("pk").values("pk", "fingerprint", "cancelled_at")),
    )


def test_a_review_source_puts_each_new_event_in_the_moderation_queue_marked_imported(
    calendar_server, make_source, erewash
):
    source = make_source(
        calendar_server.serve("/cafe.ics", fixture_bytes("google.ics")), default_area=erewash
    )
    summary = import_source(source, now=NOW)

    assert summary.startswith("5 new")  # the series, its moved date, a one-off, an all-day event, and
    pending = EventSubmission.objects.pending()
    assert pending.count() == 4 + 0 or pending.count() == 4
    assert not EventPage.objects.exists()
    titles = set(pending.values_list("title", flat=True))
    assert titles == {
        "Community café",
        "Community café (Christmas special)",
        "Carol concert",
        "Great river clean-up",
    }
    for submission in pending:
        assert submission.is_imported and submission.imported_event.source == source
        assert submission.group_name == "Matlock Community Café" and submission.area == erewash
    source.refresh_from_db()
    assert source.last_success_at == NOW and source.last_error == "" and source.events_imported == 4


