"""Scheduled alert work (home/scheduler.py JOBS): digests, and forgetting addresses on time."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import emails, outbox
from .models import Frequency, Subscriber, Subscription
from .tasks import queue_subscriber_email

UNCONFIRMED_DAYS = 7
# Asked again after 11 months; deleted at 12 unless they confirm (as the privacy notice says).
REPERMISSION_AFTER = timedelta(days=335)
LAPSE_AFTER = timedelta(days=365)


def build_due_emails(now=None):
    """Immediate emails the matching task left (it died, say), then every finished digest."""
    built = {frequency: outbox.build_emails(frequency, now=now) for frequency in Frequency.values}
    return ", ".join(f"{count} {frequency}" for frequency, count in built.items())


def purge_subscribers(now=None):
    """Delete unconfirmed sign-ups after 7 days and confirmed ones 12 months after their last
    confirmation; ask those at 11 months whether they still want the emails."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=UNCONFIRMED_DAYS)
    unconfirmed = Subscriber.objects.unconfirmed_before(cutoff).delete()[0]
    pending = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()[0]
    lapsed = Subscriber.objects.filter(confirmed_at__lt=now - LAPSE_AFTER).delete()[0]
    asking = Subscriber.objects.mailable().filter(
        Q(repermission_sent_at__isnull=True) | Q(repermission_sent_at__lt=now - REPERMISSION_AFTER),
        confirmed_at__lt=now - REPERMISSION_AFTER,
    )
    asked = 0
    for subscriber in asking.iterator(chunk_size=500):
        Subscriber.objects.filter(pk=subscriber.pk).update(repermission_sent_at=now)
        queue_subscriber_email(emails.REPERMISSION, subscriber)
        asked += 1
    return (
        f"{unconfirmed} unconfirmed and {lapsed} lapsed rows deleted, {pending} unconfirmed "
        f"subscriptions removed, {asked} asked to confirm again"
    )
