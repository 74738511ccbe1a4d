"""Alert work in the task queue: matching a published page, and sending each email with
retries. Emails go through home.taskqueue.send_once, so a task run twice sends once."""

import logging
import smtplib
from collections import Counter
from datetime import timedelta

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.taskqueue import send_once

from . import emails, matching, outbox
from .models import AlertEmail, AlertItem, Frequency, Subscriber, Subscription

logger = logging.getLogger("alerts")


@task(backend="background")
def match_page(page_id):
    """Queue alerts for a page just published, then build the immediate emails."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return "not live"
    page = page.specific
    kind = matching.kind_of(page)
    if kind is None:
        return "not alertable"
    with transaction.atomic():
        changes = matching.detect_changes(page, kind)
        if not changes:
            return "no change that matters"
        note = getattr(page, "change_note", "") or ""
        offered = matching.queue_items(page, kind, changes, note=note)
    built = outbox.build_emails(Frequency.IMMEDIATE)
    return f"{', '.join(changes)}: {offered} matched, {built} immediate emails"


@task(backend="background")
def forget_page(page_id):
    """The page was unpublished: drop what was waiting to mention it."""
    return f"{matching.forget_unsent(page_id)} dropped"


@task(backend="background", queue_name="email")
def send_alert_emails(email_ids, attempt=1):
    """Send a batch of alert emails; if the mail server fails, retry the rest of the batch later."""
    outcomes = Counter()
    for position, email_id in enumerate(email_ids):
        try:
            outcomes[deliver(email_id)] += 1
        except (smtplib.SMTPException, OSError) as error:
            return retry_later(
                send_alert_emails, error, attempt, list(email_ids[position:]), alert_emails=True
            )
    return ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))


def deliver(email_id):
    """Send one AlertEmail unless it was sent already; raises if the mail server fails."""
    alert_email = AlertEmail.objects.select_related("subscriber").filter(pk=email_id).first()
    if alert_email is None:
        return "gone (subscriber erased)"
    if alert_email.sent_at:
        return "already sent"
    subscriber = alert_email.subscriber
    if subscriber.bounced_at or subscriber.complained_at or not subscriber.confirmed_at:
        return "not mailable"
    rows = AlertItem.objects.filter(email=alert_email).select_related("page").order_by("pk")
    items = [(row.page.specific, row.change, row.note) for row in rows]
    subscription_ids = {row.subscription_id for row in rows if row.subscription_id}
    subscriptions = list(Subscription.objects.filter(pk__in=subscription_ids).order_by("pk"))
    message = emails.alert_message(alert_email, items, subscriptions)
    if message is None:
        AlertEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), item_count=0)
        return "with nothing left to say"
    sent = send_once(f"alerts:{alert_email.key}", message)
    AlertEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), subject=message.subject[:255], item_count=len(items)
    )
    return "sent" if sent else "already sent"


@task(backend="background", queue_name="email")
def send_subscriber_email(kind, subscriber_id, stamp, attempt=1):
    """A confirmation, manage-link or re-permission email; `stamp` tells each request apart."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "no subscriber"
    build = {
        emails.CONFIRM: emails.confirmation_message,
        emails.MANAGE_LINK: emails.manage_link_message,
        emails.REPERMISSION: emails.repermission_message,
    }[kind]
    try:
        sent = send_once(
            f"alerts.{kind}:{subscriber.pk}:{subscriber.token_salt[:8]}:{stamp}", build(subscriber)
        )
    except (smtplib.SMTPException, OSError) as error:
        return retry_later(send_subscriber_email, error, attempt, kind, subscriber_id, stamp)
    return "sent" if sent else "already sent"


def retry_later(task_function, error, attempt, *args, alert_emails=False):
    """Queue the next attempt after the next delay; after the last, record the failure loudly."""
    delays = settings.ALERT_EMAIL_RETRY_DELAYS
    if attempt > len(delays):
        logger.error("Gave up sending alert email %s after %s attempts: %s", args, attempt, error)
        if alert_emails:
            AlertEmail.objects.filter(pk__in=args[0], sent_at__isnull=True).update(failed_at=timezone.now())
        raise error
    run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
    task_function.using(run_after=run_after).enqueue(*args, attempt + 1)
    logger.warning("Attempt %s to send alert email %s failed (%s); trying again later", attempt, args, error)
    return f"retry at {run_after.isoformat()}"


def queue_subscriber_email(kind, subscriber):
    """Queued in the caller's transaction: the queue is in the same database, so the task
    exists exactly when what it is about does."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    send_subscriber_email.enqueue(kind, subscriber.pk, stamp)
