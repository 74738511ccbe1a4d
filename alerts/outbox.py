"""Turning waiting AlertItems into AlertEmails, one per subscriber and period, each with its
send task queued in the same transaction (the task queue is in the same database), so an email
is never built without being queued, nor queued twice."""

from django.db import transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from .matching import period_for
from .models import AlertEmail, AlertItem, Frequency, Subscriber

CHUNK = 500
# Emails per send task: few enough that a task ends well within TASK_STALE_SECONDS.
SEND_BATCH = 50


def waiting(frequency, now=None):
    """Items not yet in an email whose period is over (immediate items wait for nothing)."""
    items = AlertItem.objects.filter(frequency=frequency, email__isnull=True)
    if frequency != Frequency.IMMEDIATE:
        items = items.filter(period__lt=period_for(frequency, now))
    return items


def build_emails(frequency, now=None, subscriber_ids=None):
    """Build and queue every email due for `frequency`; return how many were built."""
    from .tasks import send_alert_emails

    now = now or timezone.now()
    items = waiting(frequency, now)
    if subscriber_ids is not None:
        items = items.filter(subscriber_id__in=subscriber_ids)
    groups = (items.values("subscriber_id", "period").annotate(first=Min("pk")).order_by()).values_list(
        "subscriber_id", "period", "first"
    )
    built = 0
    pending = []
    for row in groups.iterator(chunk_size=CHUNK):
        pending.append(row)
        if len(pending) >= CHUNK:
            built += build_chunk(frequency, pending, now, send_alert_emails)
            pending = []
    return built + build_chunk(frequency, pending, now, send_alert_emails)


def build_chunk(frequency, rows, now, send_task):
    """Create the chunk's emails, attach their items and queue their sending, in bulk."""
    if not rows:
        return 0
    salts = dict(Subscriber.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", "token_salt"))
    emails = [
        AlertEmail(
            # Immediate emails can be several an hour: the first item tells them apart.
            key=f"{subscriber_id}:{salts[subscriber_id][:8]}:{frequency}:{period}"
            + (f":{first}" if frequency == Frequency.IMMEDIATE else ""),
            subscriber_id=subscriber_id,
            frequency=frequency,
            period=period,
            created_at=now,
        )
        for subscriber_id, period, first in rows
        if subscriber_id in salts
    ]
    keys = [email.key for email in emails]
    with transaction.atomic():
        existing = set(AlertEmail.objects.filter(key__in=keys).values_list("key", flat=True))
        AlertEmail.objects.bulk_create(
            [email for email in emails if email.key not in existing], ignore_conflicts=True
        )
        ids = dict(AlertEmail.objects.filter(key__in=keys).values_list("key", "pk"))
        AlertItem.objects.filter(
            frequency=frequency,
            email__isnull=True,
            subscriber_id__in={email.subscriber_id for email in emails},
            period__in={email.period for email in emails},
        ).update(
            email=Subquery(
                AlertEmail.objects.filter(
                    key__in=keys, subscriber_id=OuterRef("subscriber_id"), period=OuterRef("period")
                ).values("pk")[:1]
            )
        )
        new = [ids[key] for key in keys if key not in existing and key in ids]
        for start in range(0, len(new), SEND_BATCH):
            send_task.enqueue(new[start : start + SEND_BATCH])
    return len(new)
