"""`manage.py purge_expired_submissions` removes contact details SUBMISSION_RETENTION_DAYS after
the event ends or the submission is rejected, as the privacy notice says; running it again
changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from events.factories import EventSubmissionFactory
from events.models import EventSubmission
from events.schedule import Repeat

pytestmark = pytest.mark.django_db


def purge(*args):
    out = StringIO()
    call_command("purge_expired_submissions", *args, stdout=out)
    return out.getvalue()


def ended(days_ago, **kwargs):
    start = timezone.now() - timedelta(days=days_ago, hours=3)
    return EventSubmissionFactory(start=start, end=start + timedelta(hours=2), **kwargs)


def test_contact_details_go_90_days_after_the_event_ends_and_not_before(settings):
    assert settings.SUBMISSION_RETENTION_DAYS == 90
    old = ended(91, status=EventSubmission.Status.APPROVED, with_image=True)
    recent = ended(89, status=EventSubmission.Status.APPROVED)
    upcoming = EventSubmissionFactory()
    image_name = old.image.name
    storage = old.image.storage

    assert "Removed contact details from 1 submission(s)" in purge()

    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.personal_data_removed_at is not None and old.content_hash is None
    assert not old.image and not storage.exists(image_name)
    assert old.title and old.organiser_name  # the event itself is not personal data
    for kept in (recent, upcoming):
        kept.refresh_from_db()
        assert kept.contact_email and kept.personal_data_removed_at is None


def test_a_repeating_event_counts_from_its_last_date():
    start = timezone.now() - timedelta(days=200)
    series = EventSubmissionFactory(
        start=start, end=start + timedelta(hours=2), repeat=Repeat.WEEKLY,
        repeat_until=(timezone.now() - timedelta(days=30)).date(),
    )  # fmt: skip
    purge()
    series.refresh_from_db()
    assert series.contact_email


def test_a_rejected_submission_goes_90_days_after_the_decision():
    old = EventSubmissionFactory(
        status=EventSubmission.Status.REJECTED, reviewed_at=timezone.now() - timedelta(days=91)
    )
    recent = EventSubmissionFactory(
        status=EventSubmission.Status.REJECTED, reviewed_at=timezone.now() - timedelta(days=5)
    )
    purge()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.contact_email == "" and recent.contact_email


def test_running_it_again_changes_nothing():
    old = ended(120)
    purge()
    old.refresh_from_db()
    removed_at = old.personal_data_removed_at
    assert "Removed contact details from 0 submission(s)" in purge()
    old.refresh_from_db()
    assert old.personal_data_removed_at == removed_at


def test_a_dry_run_counts_without_removing(settings):
    old = ended(91)
    assert "1 submission(s) would have" in purge("--dry-run")
    old.refresh_from_db()
    assert old.contact_email


def test_the_retention_period_can_be_shortened_for_one_run():
    old = ended(31)
    purge("--days", "30")
    old.refresh_from_db()
    assert old.contact_email == ""


def test_expired_rate_limit_counters_are_cleared():
    from events.models import SubmissionRateCounter

    SubmissionRateCounter.objects.create(key="old", count=3, expires_at=timezone.now() - timedelta(minutes=1))
    SubmissionRateCounter.objects.create(
        key="live", count=1, expires_at=timezone.now() + timedelta(minutes=5)
    )
    purge()
    assert list(SubmissionRateCounter.objects.values_list("key", flat=True)) == ["live"]


def test_the_privacy_notice_states_the_same_period(seeded_site, settings):
    from home.models import StandardPage

    notice = StandardPage.objects.get(slug="privacy-notice")
    assert f"{settings.SUBMISSION_RETENTION_DAYS} days after the event ends" in str(notice.body.raw_data)
