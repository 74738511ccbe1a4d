"""Bring a source's submissions and pages in line with its parsed calendar.

Each event is keyed by its UID (and RECURRENCE-ID): an unchanged event is left alone, a changed
one updated in place, a cancelled or vanished one cancelled here, never deleted. "Review each
event" sources put new and changed events in the moderation queue; trusted sources go through
the same approval path at once, and publish. Past events are left as they are."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from ..models import CalendarSource, EventPage, EventSubmission, ImportedEvent
from ..models.submissions import IMPORT_ACTION
from ..moderation import apply_cancelled_dates, approve

logger = logging.getLogger("events.importing")

CANCELLED_AT_SOURCE = "Cancelled by the organiser"
REMOVED_AT_SOURCE = "No longer in the organiser's calendar"
EXTEND_AFTER = timedelta(days=28)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # plain-words notes, one per event not imported

    def __str__(self):
        text = f"{self.created} new, {self.updated} updated, {self.cancelled} cancelled"
        text += f", {self.unchanged} unchanged"
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


def submission_for(source, parsed, link, submission=None):
    """A pending submission holding what the calendar says (new, or an existing one updated)."""
    submission = submission or EventSubmission(consented_at=source.submitted_at)
    values = {
        "title": parsed.title,
        "summary": parsed.summary,
        "description": parsed.description,
        "start": parsed.start,
        "end": parsed.end,
        "all_day": parsed.all_day,
        "repeat": parsed.repeat,
        "repeat_until": parsed.repeat_until,
        "venue_name": parsed.venue_name,
        "venue_address": parsed.venue_address,
        "venue_postcode": parsed.venue_postcode,
        "online_url": parsed.online_url,
        "booking_url": parsed.booking_url,
        "in_person": bool(parsed.venue_name or parsed.venue_postcode),
        "online": bool(parsed.online_url),
        "organiser_name": source.name,
        "organiser_url": source.organiser_url,
        "imported_event": link,
    }
    for name, value in values.items():
        setattr(submission, name, value)
    if submission.pk is None:
        submission.area = source.default_area
        submission.category = source.default_category
    errors = submission.detail_errors()
    if errors:
        raise ValidationError(errors)
    submission.full_clean(
        exclude=["imported_event", "area", "category", "last_ends_at", "event_page", "reviewer"]
    )
    return submission


def queue_or_publish(source, parsed, link, now):
    """Put the calendar's version of an event in the queue, or publish it for a trusted source."""
    pending = link.submissions.pending().first()
    submission = submission_for(source, parsed, link, pending)
    submission.status = EventSubmission.Status.PENDING
    new = submission.pk is None
    submission.save()
    if new:
        # Themes are the editors' once imported: only a new event takes the source's defaults.
        submission.themes = list(source.default_themes.all())
        submission.save()
    if pending is None:
        log(submission, IMPORT_ACTION, data={"source": source.name})
    if source.trust == CalendarSource.Trust.TRUSTED:
        approve(submission, user=None, publish=True)


def cancel(link, reason, now):
    """Cancel an imported event here: its page says so (and stays), a pending version is closed."""
    page = link.event_page.specific if link.event_page_id else None
    if page is not None and page.status != EventPage.Status.CANCELLED:
        target = page if page.live else page.get_latest_revision_as_object()
        target.status = EventPage.Status.CANCELLED
        target.status_note = reason
        revision = target.save_revision(log_action=True)
        if page.live:
            revision.publish()
    link.submissions.pending().update(
        status=EventSubmission.Status.REJECTED, rejection_reason=reason, reviewed_at=now
    )
    link.cancelled_at = now
    link.save(update_fields=["cancelled_at"])


def sync_source(source, events, now=None):
    """Apply parsed events to the site; a SyncResult. Each event in its own savepoint, so one
    the site cannot take (its dates break our rules) is skipped with a note, not the lot."""
    now = now or timezone.now()
    result = SyncResult()
    seen = set()
    for parsed in events:
        seen.add(parsed.key)
        try:
            with transaction.atomic():
                sync_one(source, parsed, now, result)
        except ValidationError as error:
            messages = "; ".join(message for messages in error.message_dict.values() for message in messages)
            result.skipped.append(f'"{parsed.title}" on {parsed.start:%-d %B %Y}: {messages}')
    # Gone from the calendar, and not over yet: cancelled here (past events are left alone).
    for link in source.imported_events.active().filter(last_ends_at__gt=now).exclude(key__in=seen):
        with transaction.atomic():
            cancel(link, REMOVED_AT_SOURCE, now)
        result.cancelled += 1
    return result


def extend_series(link, parsed):
    """An unchanged series that never ends reaches further as the window moves: its page is
    extended in place (at most monthly), without a new review, since nothing in it changed."""
    page = link.event_page.specific if link.event_page_id else None
    if (
        page is None
        or parsed.repeat != page.repeat
        or parsed.repeat_until is None
        or page.repeat_until is None
    ):
        return False
    if parsed.repeat_until < page.repeat_until + EXTEND_AFTER:
        return False
    target = page if page.live else page.get_latest_revision_as_object()
    # The first date moves on too, so the rule stays within the two years a series may run.
    target.start, target.end, target.repeat_until = parsed.start, parsed.end, parsed.repeat_until
    link.cancelled_dates = parsed.cancelled_dates
    apply_cancelled_dates(target, link)
    revision = target.save_revision(log_action=True)
    if page.live:
        revision.publish()
    link.last_ends_at = parsed.last_ends_at
    link.save(update_fields=["cancelled_dates", "applied_cancelled_dates", "last_ends_at"])
    return True


def sync_one(source, parsed, now, result):
    link = ImportedEvent.objects.filter(source=source, key=parsed.key).first()
    if link is None:
        if parsed.cancelled:
            return  # never imported, nothing to cancel
        link = ImportedEvent.objects.create(
            source=source,
            key=parsed.key,
            uid=parsed.uid,
            recurrence_id=parsed.recurrence_id,
            fingerprint=parsed.fingerprint,
            last_ends_at=parsed.last_ends_at,
            cancelled_dates=parsed.cancelled_dates,
            first_seen_at=now,
            last_seen_at=now,
        )
        queue_or_publish(source, parsed, link, now)
        result.created += 1
        return
    link.last_seen_at = now
    if parsed.cancelled:
        if link.cancelled_at is None:
            cancel(link, CANCELLED_AT_SOURCE, now)
            result.cancelled += 1
        else:
            result.unchanged += 1
        link.save(update_fields=["last_seen_at"])
        return
    if link.fingerprint == parsed.fingerprint and link.cancelled_at is None:
        link.save(update_fields=["last_seen_at"])
        if extend_series(link, parsed):
            result.updated += 1
        else:
            result.unchanged += 1
        return
    link.fingerprint = parsed.fingerprint
    link.last_ends_at = parsed.last_ends_at
    link.cancelled_dates = parsed.cancelled_dates
    link.cancelled_at = None
    link.save()
    queue_or_publish(source, parsed, link, now)
    result.updated += 1
