"""The emails event submissions send: an acknowledgement, the editors' alert, and the approval
or rejection notice. Plain text, rendered when the task runs, from the submission's id, so no
personal data sits in the task queue."""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from home.languages import mail_language
from home.models import SiteSettings

ACKNOWLEDGEMENT = "acknowledgement"
EDITOR_ALERT = "editor_alert"
APPROVED = "approved"
REJECTED = "rejected"
KINDS = (ACKNOWLEDGEMENT, EDITOR_ALERT, APPROVED, REJECTED)

# wagtail-modeladmin's name for a submission's inspect screen (app_model_modeladmin_action).
INSPECT_URL_NAME = "events_eventsubmission_modeladmin_inspect"

# Promised on the confirmation page and in the acknowledgement.
REVIEW_WORKING_DAYS = 5


def moderator_emails():
    """SUBMISSION_ALERT_EMAILS if set, else every active user who may approve submissions
    (build_message falls back to the site settings' contact email when there is nobody)."""
    configured = list(getattr(settings, "SUBMISSION_ALERT_EMAILS", []))
    if configured:
        return configured
    permission = Permission.objects.filter(
        content_type__app_label="events", codename="moderate_eventsubmission"
    ).first()
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    rule = Q(is_superuser=True)
    if permission is not None:
        rule |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return sorted(set(users.filter(rule).values_list("email", flat=True)))


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def recipients_for(kind, submission, site_settings):
    if kind == EDITOR_ALERT:
        # With no moderator to tell, the site's contact address: an alert is never dropped.
        return moderator_emails() or ([site_settings.contact_email] if site_settings.contact_email else [])
    return [submission.contact_email] if submission.contact_email else []


def build_context(kind, submission, site_settings=None):
    """What the templates of `kind` may use."""
    event_page = submission.event_page
    return {
        "submission": submission,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "contact": site_settings or SiteSettings.load(),
        "review_days": REVIEW_WORKING_DAYS,
        "retention_days": settings.SUBMISSION_RETENTION_DAYS,
        "inspect_url": admin_url(reverse(INSPECT_URL_NAME, args=[quote(submission.pk)])),
        "event_url": event_page.full_url if event_page and event_page.live else "",
    }


def build_message(kind, submission):
    """The EmailMessage for `kind`, or None when there is nobody to send it to."""
    site_settings = SiteSettings.load()
    recipients = recipients_for(kind, submission, site_settings)
    if not recipients:
        return None
    # The sender reads theirs in the language they used on the form; editors read English.
    language = settings.LANGUAGE_CODE if kind == EDITOR_ALERT else mail_language(submission.language)
    with translation.override(language):
        context = build_context(kind, submission, site_settings)
        subject = " ".join(render_to_string(f"events/emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"events/emails/{kind}.txt", context)
    reply_to = [site_settings.contact_email] if site_settings.contact_email else None
    return EmailMessage(subject=subject, body=body, to=recipients, reply_to=reply_to)
