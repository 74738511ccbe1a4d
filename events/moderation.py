"""What happens to a submission: received (stored, then emails queued), approved (an EventPage
is created under the events calendar, the image imported into Wagtail images) or rejected
(with a reason for the submitter). Approvals and rejections go into Wagtail's audit log."""

import re
from datetime import date
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
from .models import RESERVED_SLUGS, EventCancellation, EventIndexPage, EventPage, EventSubmission
from .models.submissions import APPROVE_ACTION, REJECT_ACTION
from .tasks import queue_email

# What a group's calendar says about an imported event, updated on every change there. Everything
# else (area, category, themes, priority, image, inclusion, cost) is the editors' and kept.
SOURCE_OWNED_FIELDS = [
    "title",
    "summary",
    "start",
    "end",
    "all_day",
    "repeat",
    "repeat_until",
    "venue_name",
    "venue_address",
    "venue_postcode",
    "online_url",
    "booking_url",
    "organiser_name",
    "organiser_url",
]


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


def apply_cancelled_dates(page, link):
    """The source's cancelled dates of a series, beside any an editor added (kept unless the
    source now lists the same date)."""
    from_source = dict(link.cancelled_dates)
    previous = {day for day, _reason in link.applied_cancelled_dates}
    kept = [
        EventCancellation(date=item.date, reason=item.reason)
        for item in page.cancelled_dates.all()
        if item.date.isoformat() not in from_source and item.date.isoformat() not in previous
    ]
    page.cancelled_dates = kept + [
        EventCancellation(date=date.fromisoformat(day), reason=reason) for day, reason in from_source.items()
    ]
    link.applied_cancelled_dates = link.cancelled_dates


def update_imported_page(page, submission, link, user, publish):
    """Apply the source-owned fields of an imported submission to its existing page, keeping
    the editors' fields; published again only if it is live (an editor may have unpublished it)."""
    live = page.live
    page = page.specific
    target = page if live else page.get_latest_revision_as_object()
    for field in SOURCE_OWNED_FIELDS:
        setattr(target, field, getattr(submission, field))
    target.description = description_blocks(submission.description)
    target.status = EventPage.Status.SCHEDULED
    target.status_note = ""
    apply_cancelled_dates(target, link)
    revision = target.save_revision(user=user, log_action=True)
    if live and publish:
        revision.publish(user=user)
    return target


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
        link = locked.imported_event
        if link is not None and link.event_page is not None:
            page = update_imported_page(link.event_page, locked, link, user, publish)
        else:
            page = build_event_page(locked, index, user)
            if link is not None:
                apply_cancelled_dates(page, link)
            index.add_child(instance=page)
            revision = page.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
                page.refresh_from_db()
        if link is not None:
            link.event_page = page
            link.save(update_fields=["event_page", "applied_cancelled_dates"])
        locked.status = EventSubmission.Status.APPROVED
        locked.reviewer = user
        locked.reviewed_at = timezone.now()
        locked.event_page = page
        locked.save()
        log(locked, APPROVE_ACTION, user=user, data={"page_id": page.pk, "published": publish})
        if not locked.is_imported:
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
