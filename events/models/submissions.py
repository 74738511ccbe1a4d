"""Public submissions: the events community groups send, which editors moderate."""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone

from modelcluster.models import ClusterableModel

from .. import schedule
from .details import EventDetails

# Audit log actions for a submission's life.
RECEIVE_ACTION = "events.submission.receive"
APPROVE_ACTION = "events.submission.approve"
REJECT_ACTION = "events.submission.reject"
IMPORT_ACTION = "events.submission.import"


# Pending before reviewed (is_reviewed is annotated by pending_first()), then the newest.
PENDING_FIRST_ORDER = ("is_reviewed", "-submitted_at", "-pk")


class EventSubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=EventSubmission.Status.PENDING)

    def approved(self):
        return self.filter(status=EventSubmission.Status.APPROVED)

    def rejected(self):
        return self.filter(status=EventSubmission.Status.REJECTED)

    def pending_first(self):
        """Pending submissions first, then the newest."""
        return self.annotate(
            is_reviewed=models.Case(
                models.When(status=EventSubmission.Status.PENDING, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        ).order_by(*PENDING_FIRST_ORDER)

    def store(self, values, content_hash, image=None):
        """Store a new submission from form values; (submission, created). An exact duplicate
        (same content hash) is the one already stored, even when both arrive at once."""
        existing = self.filter(content_hash=content_hash).first()
        if existing:
            return existing, False
        submission = self.model(**values, content_hash=content_hash, consented_at=timezone.now())
        try:
            with transaction.atomic():
                if image:
                    submission.image.save(image.name, image, save=False)
                submission.save()
        except IntegrityError:
            # The same answers arrived twice at once; the other request stored them.
            if submission.image:
                submission.image.delete(save=False)
            existing = self.filter(content_hash=content_hash).first()
            if existing is None:
                raise
            return existing, False
        except DatabaseError:
            # The row was not saved (e.g. the database stayed locked): nor is its image.
            if submission.image:
                submission.image.delete(save=False)
            raise
        return submission, True

    def due_for_purge(self, now=None, days=None):
        """Submissions still holding contact details `days` after their event ended or after rejection."""
        now = now or timezone.now()
        days = settings.SUBMISSION_RETENTION_DAYS if days is None else days
        cutoff = now - timedelta(days=days)
        return self.filter(personal_data_removed_at__isnull=True).filter(
            models.Q(status=EventSubmission.Status.REJECTED, reviewed_at__lt=cutoff)
            | (~models.Q(status=EventSubmission.Status.REJECTED) & models.Q(last_ends_at__lt=cutoff))
        )


def submission_image_storage():
    """STORAGES["private"]: a folder outside MEDIA_ROOT, or a private S3 prefix (MEDIA_S3_BUCKET)."""
    return storages["private"]


class EventSubmission(EventDetails, ClusterableModel):
    """An event a community group sent through the public form. Pending until an editor approves it
    (which creates an EventPage) or rejects it with a reason; contact details are purged on a timer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    title = models.CharField("event title", max_length=120)
    description = models.TextField(max_length=5000, blank=True)

    # When the last date ends: the purge timer counts from here.
    last_ends_at = models.DateTimeField(db_index=True)

    in_person = models.BooleanField(default=True)
    online = models.BooleanField(default=False)

    # Re-encoded by Pillow (no EXIF or GPS) and kept outside the public media folder until approval.
    image = models.ImageField(upload_to="event-submissions/", storage=submission_image_storage, blank=True)

    consented_at = models.DateTimeField("agreed to the privacy notice at")
    language = models.CharField(
        max_length=15,
        default="en-gb",
        help_text="The language of the site (a Django code: en-gb, pl, ur) the form was sent in; the "
        "emails to the sender are written in it.",
    )
    # SHA-256 of the normalised content: an exact resubmission is recognised, not stored twice.
    content_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    event_page = models.ForeignKey(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)
    # Set when the event came from a group's calendar (events.importing), not the public form.
    imported_event = models.ForeignKey(
        "events.ImportedEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )

    objects = EventSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "event submission"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("moderate_eventsubmission", "Can approve or reject event submissions")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        spans = self.spans
        self.last_ends_at = spans[-1].end if spans else self.end
        super().save(*args, **kwargs)

    @property
    def reference(self):
        """What the submitter quotes if they contact us, e.g. EV-000042."""
        return f"EV-{self.pk:06d}" if self.pk else ""

    @property
    def is_imported(self):
        return self.imported_event_id is not None

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def when(self):
        """The first date in plain English, without expanding the repeat rule."""
        if not (self.start and self.end):
            return ""
        return schedule.describe_span(*schedule.first_span(self.start, self.end, self.all_day), self.all_day)

    @property
    def where_text(self):
        """One line: the venue and postcode, "online", or both."""
        parts = []
        if self.in_person:
            parts.append(", ".join(part for part in (self.venue_name, self.venue_postcode) if part))
        if self.online:
            parts.append("online")
        return " and ".join(parts)

    def remove_personal_data(self, now=None):
        """Delete the contact details (and an image never published), keeping the event's record."""
        if self.image:
            self.image.delete(save=False)
        self.contact_name = self.contact_email = self.contact_phone = ""
        self.content_hash = None
        self.personal_data_removed_at = now or timezone.now()
        self.save()
