"""Nothing is lost when the mail server is down: the submission is committed first, the
submitter sees the confirmation, and the queued emails are delivered by the worker once the
server is back. Retries are scheduled by the task itself, with growing delays, up to a limit."""

import logging
from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import emails
from events.factories import EventSubmissionFactory
from events.models import EventSubmission
from events.tasks import send_submission_email

from .support import valid_data

# The worker commits as it goes, as it does in production: a real transaction per test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command("db_worker", "--backend", "background", "--queue-name", "*", "--batch", "--no-startup-delay")


def time_passes():
    """Bring every scheduled retry forward to now, as if its delay had passed."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_with_the_mail_server_down_the_submission_is_kept_and_mailed_once_it_is_back(
    client, submit_page, area, category, flaky_mail, moderator_email, caplog
):
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        response = client.post(submit_page.url, valid_data(area, category))
        assert response.status_code == 200
        assert "govuk-panel--confirmation" in response.content.decode()
        submission = EventSubmission.objects.get()
        assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

        run_worker()  # mail is down: both sends fail and schedule a retry
        assert flaky_mail.attempts == 2 and mail.outbox == []
        retries = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        assert retries.count() == 2
        assert all(task.run_after > timezone.now() + timedelta(seconds=30) for task in retries)
        assert caplog.text.count("Attempt 1 to send") == 2

        run_worker()  # too early: the retries wait for their delay
        assert flaky_mail.attempts == 2

        flaky_mail.recover()
        time_passes()
        run_worker()

    assert sorted(message.subject for message in mail.outbox) == [
        "New event to check: Community lunch",
        "We have received your event: Community lunch",
    ]
    acknowledgement = next(message for message in mail.outbox if message.to == ["sam@example.org"])
    assert submission.reference in acknowledgement.body and "5 working days" in acknowledgement.body
    alert = next(message for message in mail.outbox if message.to == [moderator_email])
    assert f"/admin/events/eventsubmission/inspect/{submission.pk}/" in alert.body
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0


def test_the_task_gives_up_after_the_last_retry_and_says_so(flaky_mail, settings, caplog):
    settings.SUBMISSION_EMAIL_RETRY_DELAYS = [60, 60]
    submission = EventSubmissionFactory()
    send_submission_email.enqueue(emails.ACKNOWLEDGEMENT, submission.pk)
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        for _attempt in range(3):
            run_worker()
            time_passes()
    assert flaky_mail.attempts == 3
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0
    assert "Gave up sending acknowledgement email" in caplog.text


def test_emails_are_plain_text_with_hostile_text_as_typed_and_a_one_line_subject(settings):
    submission = EventSubmissionFactory(title="Quiz & <b>chips</b>", contact_email="sam@example.org")
    message = emails.build_message(emails.ACKNOWLEDGEMENT, submission)
    assert message.subject == "We have received your event: Quiz & <b>chips</b>"
    assert "Quiz & <b>chips</b>" in message.body and "&amp;" not in message.body
    assert message.content_subtype == "plain"


def test_a_purged_submission_sends_nothing_rather_than_failing():
    submission = EventSubmissionFactory()
    submission.remove_personal_data()
    assert emails.build_message(emails.APPROVED, submission) is None
    assert send_submission_email.call(emails.APPROVED, submission.pk) == "no recipient"
