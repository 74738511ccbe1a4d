"""Background tasks for event submissions, run by the task worker (`manage.py db_worker`).

django-tasks does not retry on its own, so a failed send schedules itself again after a
growing delay, up to SUBMISSION_EMAIL_RETRY_DELAYS, and logs every failure."""

import logging
import smtplib
from datetime import timedelta

from django_tasks import task

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails

logger = logging.getLogger("events.submissions")


@task(backend="background", queue_name="email")
def send_submission_email(kind, submission_id, attempt=1):
    """Send one of the emails in events.emails about a submission; retry later if mail is down."""
    # Looked up by name: the submission models queue these tasks, so this module cannot import them.
    submissions = apps.get_model("events", "EventSubmission").objects
    submission = submissions.select_related("event_page").filter(pk=submission_id).first()
    if submission is None:
        logger.warning("Not sending %s email: submission %s no longer exists", kind, submission_id)
        return "no submission"
    message = emails.build_message(kind, submission)
    if message is None:
        logger.warning("Not sending %s email for submission %s: no recipient", kind, submission.reference)
        return "no recipient"
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        delays = settings.SUBMISSION_EMAIL_RETRY_DELAYS
        if attempt > len(delays):
            logger.error(
                "Gave up sending %s email for submission %s after %s attempts: %s",
                kind,
                submission.reference,
                attempt,
                error,
            )
            raise
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        send_submission_email.using(run_after=run_after).enqueue(kind, submission_id, attempt + 1)
        logger.warning(
            "Attempt %s to send %s email for submission %s failed (%s); trying again at %s",
            attempt,
            kind,
            submission.reference,
            error,
            run_after.isoformat(timespec="seconds"),
        )
        return f"retry at {run_after.isoformat()}"
    return "sent"


def queue_email(kind, submission):
    """Queue an email once the current transaction commits, so it never refers to unsaved data."""
    submission_id = submission.pk
    transaction.on_commit(lambda: send_submission_email.enqueue(kind, submission_id))
