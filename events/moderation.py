"""What happens to a submission: received (stored, then emails queued), approved (an EventPage
is created under the events calendar, the image imported into Wagtail images) or rejected
(with a reason for the submitter). Approvals and rejections go into Wagtail's audit log."""

import re
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from . import emails
from .models import RESERVED_SLUGS, EventIndexPage, EventPage, EventSubmission
from .models.submissions import APPROVE_ACTION, REJECT_ACTION
from .tasks import queue_email


class AlreadyReviewed(Exception):
    """Another editor approved or rejected the submission first."""


def events_index():
    """The events calendar new events go under: the live one if there is one."""
    return (
        EventIndexPage.objects.live().order_by("path").first()
        or EventIndexPage.objects.order_by("path").first()
    )


def description_blocks(text):
    """Plain text as paragraph blocks: every character escaped, blank lines between paragraphs."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    return [
        ("paragraph", RichText("<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>"))
        for part in paragraphs
    ]


def unique_slug(parent, title):
    base = slugify(title)[:200].strip("-") or "event"
    siblings = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in siblings or slug in RESERVED_SLUGS:
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_image(submission, user):
    """Copy the submitted (already re-encoded) image into Wagtail images, with the submitter's alt text."""
    if not submission.image:
        return None
    image_model = get_image_model()
    image = image_model(
        title=(submission.image_alt or submission.title)[:255],
        description=submission.image_alt,
        uploaded_by_user=user,
    )
    with submission.image.open("rb") as source:
        image.file.save(
            f"event-{submission.pk}{Path(submission.image.name).suffix}", File(source), save=False
        )
    image._set_image_file_metadata()
    image.save()
    return image


def build_event_page(submission, index, user):
    # Every shared detail (themes included) as it is, and the title.
    page = EventPage(title=submission.title, **submission.detail_values())
    page.slug = unique_slug(index, submission.title)
    page.description = description_blocks(submission.description)
    page.owner = user
    page.live = False
    page.image = import_image(submission, user)
    return page


def lock_pending(submission):
    locked = EventSubmission.objects.select_for_update().get(pk=submission.pk)
    if not locked.is_pending:
        raise AlreadyReviewed(locked.status)
    return locked


def approve(submission, user, publish, details=None):
    """Create the event page (published, or as a draft for the usual workflow) and tell the submitter.
    `details` are what the editor added (themes, priority): kept on the submission and copied."""
    index = events_index()
    with transaction.atomic():
        locked = lock_pending(submission)
        for name, value in (details or {}).items():
            setattr(locked, name, value)
        page = build_event_page(locked, index, user)
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        locked.status = EventSubmission.Status.APPROVED
        locked.reviewer = user
        locked.reviewed_at = timezone.now()
        locked.event_page = page
        locked.save()
        log(locked, APPROVE_ACTION, user=user, data={"page_id": page.pk, "published": publish})
        queue_email(emails.APPROVED, locked)
    submission.refresh_from_db()
    return page


def reject(submission, user, reason):
    """Record the decision and its reason, and email the reason to the submitter."""
    with transaction.atomic():
        locked = lock_pending(submission)
        locked.status = EventSubmission.Status.REJECTED
        locked.reviewer = user
        locked.reviewed_at = timezone.now()
        locked.rejection_reason = reason
        locked.save()
        log(locked, REJECT_ACTION, user=user)
        queue_email(emails.REJECTED, locked)
    submission.refresh_from_db()
    return submission
