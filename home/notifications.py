"""Wagtail's moderation emails, sent through the task queue instead of inside the request.

Wagtail 8 already writes the emails: to the Moderators when something is submitted to their
approval task, and to the editor who asked when it is approved or rejected (with the reviewer's
comment). It sends them while the moderator's request waits, and a mail server that is down
loses them. Here the same notifiers render each message and queue it ("background" backend);
the worker sends it and retries for about a day, as it does for event submission emails.
"""

import logging
import smtplib
from datetime import timedelta

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

logger = logging.getLogger("home.notifications")


@task(backend="background", queue_name="email")
def send_admin_email(subject, text, html, recipient, attempt=1):
    """Send one rendered admin notification; on a mail failure, try again later."""
    try:
        wagtail_mail.send_mail(subject, text, [recipient], html_message=html or None)
    except (smtplib.SMTPException, OSError) as error:
        delays = settings.SUBMISSION_EMAIL_RETRY_DELAYS
        if attempt > len(delays):
            logger.error("Gave up sending %r to %s after %s attempts: %s", subject, recipient, attempt, error)
            raise
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        send_admin_email.using(run_after=run_after).enqueue(subject, text, html, recipient, attempt + 1)
        logger.warning("Sending %r to %s failed (%s); retrying at %s", subject, recipient, error, run_after)
        return "retry"
    return "sent"


class QueuedEmailMixin:
    """Render as Wagtail does (in each recipient's language), then queue instead of sending."""

    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            if not recipient.email:
                continue
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = render_to_string(template_set["subject"], context).strip()
                text = render_to_string(template_set["text"], context).strip()
                html = ""
                if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                    html = render_to_string(template_set["html"], context)
            message = (subject, text, html, recipient.email)
            transaction.on_commit(lambda message=message: send_admin_email.enqueue(*message))
        return True


class TaskSubmittedNotifier(QueuedEmailMixin, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmittedNotifier(QueuedEmailMixin, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowRejectedNotifier(QueuedEmailMixin, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    pass


class WorkflowApprovedNotifier(QueuedEmailMixin, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    """Wagtail's approval email leaves out the reviewer's comment; ours includes it."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        last = workflow_state.task_states.order_by("-finished_at", "-pk").first()
        context["comment"] = last.specific.get_comment() if last else ""
        return context


# (signal, sender, Wagtail's dispatch_uid, our notifier)
NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted", TaskSubmittedNotifier()),
    (workflow_submitted, WorkflowState, "workflow_state_submitted", WorkflowSubmittedNotifier()),
    (workflow_rejected, WorkflowState, "workflow_state_rejected", WorkflowRejectedNotifier()),
    (workflow_approved, WorkflowState, "workflow_state_approved", WorkflowApprovedNotifier()),
]


def use_queued_notifications():
    """Take over Wagtail's dispatch_uids: whichever app is ready first, only ours stay connected."""
    for signal, sender, name, notifier in NOTIFIERS:
        dispatch_uid = f"{name}_email_notification"
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid, weak=False)
