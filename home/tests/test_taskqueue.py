"""Stale-task recovery: only tasks running longer than TASK_STALE_SECONDS are queued again."""

from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from events import emails
from events.tasks import send_submission_email
from home.taskqueue import recover_stale_tasks

pytestmark = pytest.mark.django_db


def running_task(started_seconds_ago):
    result = send_submission_email.enqueue(emails.ACKNOWLEDGEMENT, 1)
    started = timezone.now() - timedelta(seconds=started_seconds_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["w1"]
    )
    return result.id


def test_only_tasks_running_longer_than_the_limit_are_queued_again(settings):
    settings.TASK_STALE_SECONDS = 600
    lost = running_task(started_seconds_ago=601)
    busy = running_task(started_seconds_ago=30)

    assert recover_stale_tasks() == 1

    assert DBTaskResult.objects.get(pk=lost).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=busy).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().filter(pk=lost).exists()
    assert recover_stale_tasks() == 0
