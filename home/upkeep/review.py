"""Pages due for review, and the reminders their owners (or the Moderators) are sent."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from home.models import review_page_models

from .models import ReviewReminder

logger = logging.getLogger("home.upkeep")

# The dashboard warns this far ahead; reminders go out from REMINDER_DAYS before the date.
PANEL_DAYS = 30
REMINDER_DAYS = 14
MODERATORS_GROUP = "Moderators"


def pages_due(within_days, today=None):
    """Every page with review dates whose next review is within `within_days` (overdue included),
    soonest first, each with `type_name` for display."""
    today = today or timezone.localdate()
    pages = []
    for model in review_page_models():
        for page in (
            model.objects.filter(next_review_due__lte=today + timedelta(days=within_days))
            .select_related("owner")
            .only("id", "title", "next_review_due", "owner", "live")
        ):
            page.type_name = model._meta.verbose_name
            pages.append(page)
    return sorted(pages, key=lambda page: (page.next_review_due, page.title))


def can_be_emailed(user):
    return bool(user and user.is_active and user.email)


def moderators():
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def recipients_for(page, fallback):
    """The page's owner, or the Moderators when the owner is gone or cannot be emailed."""
    return [page.owner] if can_be_emailed(page.owner) else fallback


def queue_reminders(today=None, within_days=REMINDER_DAYS, dry_run=False):
    """Queue one email per recipient listing their pages due for review. Each page is reminded
    about at most once a day, however often this runs. Returns {user: [pages]}."""
    from .tasks import send_review_reminder

    today = today or timezone.localdate()
    fallback = moderators()
    batches = defaultdict(list)
    for page in pages_due(within_days, today):
        recipients = recipients_for(page, fallback)
        if not recipients:
            logger.warning(
                "Nobody to remind about %r: no owner or moderator with an email address", page.title
            )
            continue
        if dry_run:
            if not ReviewReminder.objects.filter(page=page, sent_on=today).exists():
                for user in recipients:
                    batches[user].append(page)
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(page=page, sent_on=today, due_on=page.next_review_due)
        except IntegrityError:
            continue  # already reminded today
        for user in recipients:
            batches[user].append(page)
    if not dry_run:
        for user, pages in batches.items():
            page_ids = [page.pk for page in pages]
            transaction.on_commit(
                lambda user_id=user.pk, page_ids=page_ids: send_review_reminder.enqueue(
                    user_id, page_ids, today.isoformat()
                )
            )
    return dict(batches)
