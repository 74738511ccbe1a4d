"""Turning waiting AlertItems into AlertEmails, one per subscriber and period, each with its
send task queued in the same transaction (the task queue is in the same database), so an email
is never built without being queued, nor queued twice."""

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from .matching import period_for
from .models import AlertEmail, AlertItem, Frequency, Subscriber

CHUNK = 500


def waiting(frequency, now=None):
    """Items not yet in an email whose period is over (immediate items wait for nothing)."""
    items = AlertItem.objects.filter(frequency=frequency, email__isnull=True)
    if frequency != Frequency.IMMEDIATE:
        items = items.filter(period__lt=period_for(frequency, now))
    return items


def build_emails(frequency, now=None, subscriber_ids=None):
    """Build and queue every email due for `frequency`; return how many were built."""
    from .tasks import send_alert_email

    now = now or timezone.now()
    items = waiting(frequency, now)
    if subscriber_ids is not None:
        items = items.filter(subscriber_id__in=subscriber_ids)
    groups = (
        items.values("subscriber_id", "period").annotate(first=Min("pk"), count=Count("pk")).order_by()
    ).values_list("subscriber_id", "period", "first")
    built = 0
    pending = []
    for row in groups.iterator(chunk_size=CHUNK):
        pending.append(row)
        if len(pending) >= CHUNK:
            built += build_chunk(frequency, pending, now, send_alert_email)
            pending = []
    return built + build_chunk(frequency, pending, now, send_alert_email)


def build_chunk(frequency, rows, now, send_task):
    if not rows:
        return 0
    salts = dict(Subscriber.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", "token_salt"))
    built = 0
    with transaction.atomic():
        for subscriber_id, period, first in rows:
            if subscriber_id not in salts:
                continue
            # Immediate emails can be several an hour: the first item tells them apart.
            suffix = f":{first}" if frequency == Frequency.IMMEDIATE else ""
            key = f"{subscriber_id}:{salts[subscriber_id][:8]}:{frequency}:{period}{suffix}"
            email, created = AlertEmail.objects.get_or_create(
                key=key,
                defaults={
                    "subscriber_id": subscriber_id,
                    "frequency": frequency,
                    "period": period,
                    "created_at": now,
                },
            )
            count = AlertItem.objects.filter(
                subscriber_id=subscriber_id, frequency=frequency, period=period, email__isnull=True
            ).update(email=email)
            if count:
                AlertEmail.objects.filter(pk=email.pk).update(item_count=email.item_count + count)
            if created:
                send_task.enqueue(email.pk)
                built += 1
    return built
