"""Privacy: unconfirmed sign-ups go after 7 days, lapsed ones after 12 months (asked first at
11), bounces and complaints stop mail. Admin: Moderators see counts and never addresses;
Administrators look one address up, see what was sent and erase it."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts import jobs
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import AlertEmail, Kind, Subscriber, Subscription
from home.roles import ADMINISTRATORS, EDITORS, MODERATORS

from .conftest import run_worker

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_unconfirmed_sign_ups_are_deleted_after_7_days_and_confirmed_ones_kept():
    old = SubscriberFactory(confirmed_at=None, created_at=days_ago(8))
    fresh = SubscriberFactory(confirmed_at=None, created_at=days_ago(6))
    confirmed = SubscriberFactory(created_at=days_ago(30), confirmed_at=days_ago(29))
    stale_request = SubscriptionFactory(subscriber=confirmed, kind=Kind.GUIDANCE, confirmed_at=None)
    stale_request.created_at = days_ago(8)
    stale_request.save()
    kept = SubscriptionFactory(subscriber=confirmed, kind=Kind.STORIES)

    jobs.purge_subscribers()

    assert set(Subscriber.objects.all()) == {fresh, confirmed}
    assert list(Subscription.objects.all()) == [kept]
    assert not Subscriber.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_11_months_we_ask_once_and_after_12_without_a_click_we_delete():
    asked = SubscriberFactory(email="asked@example.org", confirmed_at=days_ago(340))
    lapsed = SubscriberFactory(confirmed_at=days_ago(370))
    recent = SubscriberFactory(confirmed_at=days_ago(100))
    jobs.purge_subscribers()
    jobs.purge_subscribers()  # a second run the same day asks nobody again
    run_worker()
    assert [message.to for message in mail.outbox] == [["asked@example.org"]]
    assert "Do you still want emails" in mail.outbox[0].subject
    assert set(Subscriber.objects.all()) == {asked, recent}
    assert not Subscriber.objects.filter(pk=lapsed.pk).exists()


def test_mark_bounced_stops_mail_and_can_be_undone():
    subscriber = SubscriberFactory(email="gone@example.org")
    call_command("mark_bounced", " Gone@Example.org ", stdout=None)
    assert not Subscriber.objects.mailable().filter(pk=subscriber.pk).exists()
    call_command("mark_bounced", "gone@example.org", "--clear", stdout=None)
    call_command("mark_bounced", "gone@example.org", "--complaint", stdout=None)
    subscriber.refresh_from_db()
    assert subscriber.bounced_at is None and subscriber.complained_at is not None
    with pytest.raises(CommandError):
        call_command("mark_bounced", "nobody@example.org", stdout=None)


def test_moderators_see_counts_by_kind_and_area_and_no_addresses(client, signed_in, role_user, area):
    SubscriptionFactory(subscriber=SubscriberFactory(email="hidden@example.org"), filters={"area": area.slug})
    SubscriptionFactory(kind=Kind.STORIES, frequency="weekly")
    SubscriptionFactory(kind=Kind.STORIES, confirmed_at=None)  # not counted
    signed_in(role_user(MODERATORS))
    response = client.get("/admin/reports/email-alerts/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Amber Valley" in body and "@example.org" not in body
    assert "Find</button>" not in body  # looking up an address is for Administrators
    refused = client.get("/admin/reports/email-alerts/address/?email=hidden@example.org")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "permission denied"


def test_editors_cannot_see_the_alert_report(client, signed_in, role_user):
    signed_in(role_user(EDITORS))
    refused = client.get("/admin/reports/email-alerts/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_administrators_see_what_was_sent_to_an_address_and_erase_it(client, signed_in, role_user):
    subscriber = SubscriptionFactory(subscriber=SubscriberFactory(email="ask@example.org")).subscriber
    AlertEmail.objects.create(
        subscriber=subscriber,
        key="x",
        frequency="daily",
        period="2026-11-29",
        subject="2 updates",
        item_count=2,
    )
    signed_in(role_user(ADMINISTRATORS))
    page = client.get("/admin/reports/email-alerts/address/?email=ASK@example.org").content.decode()
    assert "ask@example.org" in page and "2 updates" in page
    client.post(f"/admin/reports/email-alerts/{subscriber.pk}/erase/")
    assert not Subscriber.objects.exists() and not AlertEmail.objects.exists()


def test_the_alert_jobs_are_scheduled_and_run_cleanly():
    from home.models import ScheduledJob
    from home.scheduler import JOBS, run_due_jobs

    alert_jobs = [job for job in JOBS if job.name in ("send_alert_digests", "purge_alert_subscribers")]
    assert len(alert_jobs) == 2
    SubscriberFactory(confirmed_at=None, created_at=days_ago(8))
    assert run_due_jobs(alert_jobs) == ["send_alert_digests", "purge_alert_subscribers"]
    assert not ScheduledJob.objects.exclude(last_error="").exists()
    assert not Subscriber.objects.exists()
