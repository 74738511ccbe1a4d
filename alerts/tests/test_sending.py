"""Sending: immediate emails and daily/weekly digests, one email per subscriber and period, a
mail outage that delays but never loses, a worker restart that never sends twice, and emails
with a plain-text and an HTML part, List-Unsubscribe headers and no tracking."""

import re
from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import jobs, outbox
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import AlertEmail, AlertItem, Frequency
from alerts.tasks import match_page, send_alert_emails
from events.models import EventPage
from home.models import SentEmail

from .conftest import publish, run_worker, time_passes

# The worker commits as it goes, as it does in production: a real transaction per test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TOMORROW = timedelta(days=1, hours=1)


def published(page):
    publish(page)
    match_page.call(page.pk)
    return page


def test_an_immediate_subscriber_gets_one_email_with_text_html_and_one_click_unsubscribe(new_event):
    subscription = SubscriptionFactory(subscriber=SubscriberFactory(email="sam@example.org"))
    event = published(new_event(title="Community lunch"))
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == "New events: Community lunch"
    assert "Community lunch" in message.body and event.full_url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Community lunch" in html and event.full_url in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/email-alerts/unsubscribe/[^>]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # No tracking: no images at all, and every link goes straight to the hub.
    assert "<img" not in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("http://testserver/") for link in links)
    # The RFC 8058 POST to the header's address unsubscribes.
    from django.test import Client

    path = unsubscribe[len("<http://testserver") : -1]
    Client(enforce_csrf_checks=True).post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert not type(subscription).objects.exists()


def test_a_daily_digest_waits_for_the_day_to_end_and_mentions_each_event_once(new_event):
    SubscriptionFactory(frequency=Frequency.DAILY)
    first = published(new_event(title="Quiz night"))
    second = published(new_event(title="Walk"))
    first.status, first.status_note = EventPage.Status.CANCELLED, "The hall flooded"
    published(first)  # new and cancelled on the same day

    assert jobs.build_due_emails() == "0 immediate, 0 daily, 0 weekly"
    run_worker()
    assert mail.outbox == []

    tomorrow = timezone.now() + TOMORROW
    assert jobs.build_due_emails(now=tomorrow) == "0 immediate, 1 daily, 0 weekly"
    assert jobs.build_due_emails(now=tomorrow) == "0 immediate, 0 daily, 0 weekly"
    run_worker()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count("Quiz night") == 1 and body.count("Walk") == 1
    assert "Cancelled: The hall flooded" in body
    assert "2 updates" in mail.outbox[0].subject
    assert AlertEmail.objects.get().item_count == 3
    assert second.full_url in body


def test_weekly_and_daily_subscribers_of_the_same_event_each_get_their_own_digest(new_event):
    SubscriptionFactory(frequency=Frequency.WEEKLY)
    SubscriptionFactory(frequency=Frequency.DAILY)
    published(new_event())
    jobs.build_due_emails(now=timezone.now() + timedelta(days=8))
    run_worker()
    assert len(mail.outbox) == 2
    assert {message.subject.split(": ")[1].split(" for ")[0] for message in mail.outbox} == {"1 update"}


def test_with_the_mail_server_down_alerts_wait_and_are_sent_once_it_is_back(new_event, flaky_mail):
    for _subscriber in range(3):
        SubscriptionFactory()
    published(new_event(title="Choir"))
    run_worker()  # mail is down: the batch fails at its first email and schedules a retry of all three
    assert flaky_mail.attempts == 1 and mail.outbox == []
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    assert len(retry.args_kwargs["args"][0]) == 3
    assert not AlertEmail.objects.filter(sent_at__isnull=False).exists()

    run_worker()  # too early for the retry
    assert flaky_mail.attempts == 1

    flaky_mail.recover()
    time_passes()
    run_worker()
    assert len(mail.outbox) == 3 and all("Choir" in message.subject for message in mail.outbox)
    assert len({message.to[0] for message in mail.outbox}) == 3
    assert not AlertEmail.objects.filter(sent_at__isnull=True).exists()
    time_passes()
    run_worker()
    assert len(mail.outbox) == 3


def test_giving_up_after_the_last_retry_is_recorded_in_the_send_log(new_event, flaky_mail, settings):
    settings.ALERT_EMAIL_RETRY_DELAYS = [60]
    SubscriptionFactory()
    published(new_event())
    for _attempt in range(2):
        run_worker()
        time_passes()
    assert flaky_mail.attempts == 2
    assert AlertEmail.objects.get().failed_at is not None


def test_a_send_run_again_after_the_worker_died_sends_nothing_twice(new_event, settings):
    """The worker died after the mail server accepted the message but before it recorded it."""
    settings.TASK_STALE_SECONDS = 0
    SubscriptionFactory()
    published(new_event())
    task = DBTaskResult.objects.get(task_path="alerts.tasks.send_alert_emails")
    email = AlertEmail.objects.get()
    assert send_alert_emails.call([email.pk]) == "1 sent"
    AlertEmail.objects.filter(pk=email.pk).update(sent_at=None)  # died before recording it here too
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=5), worker_ids=["died"]
    )
    call_command("db_worker", "--backend", "background", "--queue-name", "*", "--batch", "--no-startup-delay")
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=task.pk).return_value == "1 already sent"
    assert SentEmail.objects.filter(key__startswith="alerts:").count() == 1


def test_items_left_by_a_matching_task_that_died_are_sent_by_the_scheduled_job(new_event):
    SubscriptionFactory()
    event = published(new_event())
    # As if the task died after queuing the items but before building the email.
    AlertItem.objects.update(email=None)
    AlertEmail.objects.all().delete()
    DBTaskResult.objects.all().delete()
    assert jobs.build_due_emails() == "1 immediate, 0 daily, 0 weekly"
    run_worker()
    assert len(mail.outbox) == 1 and event.title in mail.outbox[0].body


def test_a_subscriber_who_bounces_after_the_email_was_built_is_not_sent_it(new_event):
    subscription = SubscriptionFactory(frequency=Frequency.DAILY)
    published(new_event())
    outbox.build_emails(Frequency.DAILY, now=timezone.now() + TOMORROW)
    call_command("mark_bounced", subscription.subscriber.email.upper(), stdout=None)
    run_worker()
    assert mail.outbox == []


def test_an_event_taken_down_before_its_digest_is_not_mentioned(new_event):
    SubscriptionFactory(frequency=Frequency.DAILY)
    kept = published(new_event(title="Kept"))
    gone = published(new_event(title="Gone"))
    outbox.build_emails(Frequency.DAILY, now=timezone.now() + TOMORROW)
    gone.unpublish()
    run_worker()
    assert "Kept" in mail.outbox[0].body and "Gone" not in mail.outbox[0].body
    assert kept.title in mail.outbox[0].subject or "1 update" in mail.outbox[0].subject
