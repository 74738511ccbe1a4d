"""Archiving ended events: a year after its last date an event leaves listings, search and the
sitemap, and its address says "this event has ended" instead of a 404."""

import io

import pytest

from django.core.management import call_command

from events.factories import EventPageFactory, days_from_now
from events.models import EventPage

pytestmark = pytest.mark.django_db


def archive(*args):
    out = io.StringIO()
    call_command("archive_ended_events", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def events(index):
    old = EventPageFactory(parent=index, title="Old picnic", start=days_from_now(-400, 12))
    recent = EventPageFactory(parent=index, title="Recent quiz", start=days_from_now(-200, 19))
    coming = EventPageFactory(parent=index, title="Coming fair", start=days_from_now(10, 11))
    return old, recent, coming


def test_only_events_over_a_year_past_are_archived_and_only_once(events):
    old, recent, coming = events
    assert "1 event(s) archived" in archive()
    assert set(EventPage.objects.exclude(archived_at=None).values_list("title", flat=True)) == {"Old picnic"}
    first_time = EventPage.objects.get(pk=old.pk).archived_at
    assert "0 event(s) archived" in archive()
    assert EventPage.objects.get(pk=old.pk).archived_at == first_time


def test_a_dry_run_changes_nothing(events):
    output = archive("--dry-run")
    assert "Would archive: Old picnic" in output
    assert not EventPage.objects.exclude(archived_at=None).exists()


def test_an_archived_event_keeps_its_address_and_says_it_has_ended(client, events):
    old, _recent, _coming = events
    archive()
    response = client.get(old.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This event has ended." in html and "Old picnic" in html
    assert "Riverside Community Centre" not in html  # the details are no longer shown
    assert 'content="noindex' in html
    assert "public" in response["Cache-Control"]
    day = old.spans[0].date
    assert "This event has ended." in client.get(f"{old.url}{day:%Y-%m-%d}/").content.decode()


def test_an_event_not_yet_archived_still_shows_its_details(client, events):
    _old, recent, _coming = events
    archive()
    html = client.get(recent.url).content.decode()
    assert "This event has ended." not in html and "Riverside Community Centre" in html


def test_archived_events_leave_the_past_listing_and_the_sitemap(client, events):
    old, recent, _coming = events
    past_url = old.get_parent().url + "past/"
    assert "Old picnic" in client.get(past_url).content.decode()
    archive()
    past = client.get(past_url).content.decode()
    assert "Old picnic" not in past and "Recent quiz" in past
    sitemap = client.get("/sitemap.xml").content.decode()
    assert old.url_path.rstrip("/").split("/")[-1] not in sitemap
    assert recent.slug in sitemap


def test_archived_events_are_not_indexed_for_search(events):
    old, recent, _coming = events
    archive()
    indexed = set(EventPage.get_indexed_objects().values_list("pk", flat=True))
    assert old.pk not in indexed and recent.pk in indexed
