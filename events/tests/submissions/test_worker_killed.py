"""A task worker killed mid-send (SIGKILL) loses no email and sends none twice: the task it
left RUNNING is queued again when a worker starts, and sending is recorded, so a task run
again sends only what had not been sent. The worker is real: a `db_worker` subprocess."""

import signal
import subprocess

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import emails
from events.factories import EventSubmissionFactory
from events.tasks import send_submission_email
from home.models import SentEmail
from testing.processes import SharedDatabase, manage
from testing.smtp import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKER = ["db_worker", "--backend", "background", "--queue-name", "*", "--no-startup-delay", "-v", "0"]


def start_worker(database, smtp, batch=False, **env):
    env = {"DATABASE_URL": database.url, "TEST_SMTP_PORT": str(smtp.port), **env}
    return manage([*WORKER, *(["--batch"] if batch else [])], env=env, stderr=subprocess.PIPE, text=True)


def test_a_worker_killed_mid_send_leaves_the_email_to_the_next_worker_which_sends_it_once(tmp_path):
    submission = EventSubmissionFactory(contact_email="sam@example.org", title="Community lunch")
    send_submission_email.enqueue(emails.ACKNOWLEDGEMENT, submission.pk)
    database = SharedDatabase(tmp_path)

    with SMTPServer(stall=True) as stuck_server:
        worker = start_worker(database, stuck_server)
        try:
            assert stuck_server.stalled.wait(timeout=120), "the worker never reached the mail server"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    database.pull()
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.RUNNING  # what django-tasks-db alone leaves behind
    assert SentEmail.objects.get().sent_at is None

    with SMTPServer() as server:
        # TASK_STALE_SECONDS=0: this worker knows the first one is gone.
        worker = start_worker(database, server, batch=True, TASK_STALE_SECONDS="0")
        _out, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors
    database.pull()

    assert len(server.messages) == 1
    assert "Subject: We have received your event: Community lunch" in server.messages[0]
    assert f"Message-ID: {SentEmail.objects.get().message_id}" in server.messages[0]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "sent"
    assert SentEmail.objects.get().sent_at is not None


def test_a_task_run_again_after_its_email_was_sent_sends_nothing(flaky_mail):
    """The worker died after the mail server accepted the message but before the task was marked done."""
    flaky_mail.recover()
    submission = EventSubmissionFactory(contact_email="sam@example.org")
    result = send_submission_email.enqueue(emails.ACKNOWLEDGEMENT, submission.pk)
    assert send_submission_email.call(emails.ACKNOWLEDGEMENT, submission.pk) == "sent"
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["died"]
    )

    call_command(*WORKER, "--batch", stdout=None)  # TASK_STALE_SECONDS passes: see the settings fixture

    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=result.id).return_value == "already sent"


@pytest.fixture(autouse=True)
def _stale_at_once(settings):
    settings.TASK_STALE_SECONDS = 0
