"""Making the task queue safe when a worker dies: stale-task recovery and send-once email.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so
a worker killed mid-task (SIGKILL, out of memory, a reboot) leaves it RUNNING forever. The
worker (home's `db_worker`, which replaces django-tasks-db's) hands such tasks back to the
queue when it starts and then on a timer. A task that is run again must not repeat what it
already did: emails go through `send_once`, which records each email before and after sending.
"""

import logging
from datetime import timedelta

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.core.mail import make_msgid
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("home.taskqueue")


def recover_stale_tasks(now=None):
    """Put back in the queue every task RUNNING for longer than TASK_STALE_SECONDS; return how many.

    No task of ours runs that long (sending an email gives up after EMAIL_TIMEOUT), so its
    worker has died. The task runs again from the start; send_once keeps that safe."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    recovered = 0
    for task_id, task_path, worker_ids in stale.values_list("id", "task_path", "worker_ids"):
        # The status condition makes this safe when two workers recover at once.
        if DBTaskResult.objects.running().filter(pk=task_id).update(status=TaskResultStatus.READY):
            recovered += 1
            logger.warning(
                "Task %s (%s) was left running by worker %s, which has stopped: queued again",
                task_id,
                task_path,
                worker_ids[-1] if worker_ids else "?",
            )
    return recovered


def send_once(key, message):
    """Send `message` unless the email called `key` has already been sent; return True if sent now.

    Each send carries the same Message-ID, so if a worker dies after the mail server accepted a
    message but before this records it, the copy sent again is recognisably the same message."""
    from .models import SentEmail

    record, _ = SentEmail.objects.get_or_create(key=key, defaults={"message_id": make_msgid()})
    if record.sent_at is not None:
        logger.info("Not sending %s again: it was sent at %s", key, record.sent_at.isoformat())
        return False
    message.extra_headers["Message-ID"] = record.message_id
    message.send()
    with transaction.atomic():
        SentEmail.objects.filter(pk=record.pk).update(sent_at=timezone.now())
    return True
