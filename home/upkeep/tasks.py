"""Background tasks for content upkeep, run by the task worker (`manage.py db_worker`)."""

import logging
from datetime import date

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Page

logger = logging.getLogger("home.upkeep")


@task(backend="background", queue_name="email")
def send_review_reminder(user_id, page_ids, sent_on):
    """Email one person the pages they should review; built when it runs, from ids only."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        logger.warning("Not sending review reminder: user %s cannot be emailed", user_id)
        return "no recipient"
    pages = [page.specific for page in Page.objects.filter(pk__in=page_ids).order_by("pk")]
    pages = sorted(
        (page for page in pages if getattr(page, "next_review_due", None)), key=lambda p: p.next_review_due
    )
    if not pages:
        return "nothing due"
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    today = date.fromisoformat(sent_on)
    context = {
        "user": user,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "items": [
            {
                "page": page,
                "overdue": page.next_review_due < today,
                "edit_url": base_url + reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
            for page in pages
        ],
    }
    subject = " ".join(render_to_string("upkeep/emails/review_reminder_subject.txt", context).split())
    body = render_to_string("upkeep/emails/review_reminder.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    return "sent"
