"""Calendar import: the public calendars community groups register (CalendarSource), and the link
from each imported event, keyed by its iCalendar UID, to the submission or page it became."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

# A source is flagged on the dashboard after this many failed fetches in a row.
FAILURES_BEFORE_WARNING = 3
MIN_INTERVAL_MINUTES = 15
URL_INVALID = "Enter the calendar's address, starting https:// or webcal://"


def normalise_calendar_url(url):
    """webcal:// is https:// by another name; surrounding spaces go."""
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    return url


class CalendarSourceQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CalendarSource.Status.APPROVED)

    def pending(self):
        return self.filter(status=CalendarSource.Status.PENDING)

    def due(self, now=None):
        """Approved sources never fetched, or whose interval has passed since the last fetch."""
        now = now or timezone.now()
        due = [
            source.pk
            for source in self.approved().only("pk", "last_fetch_at", "interval_minutes")
            if source.last_fetch_at is None
            or source.last_fetch_at + timedelta(minutes=source.interval_minutes) <= now
        ]
        return self.filter(pk__in=due).order_by("last_fetch_at", "pk")

    def failing(self):
        return self.approved().filter(consecutive_failures__gte=FAILURES_BEFORE_WARNING)


class CalendarSource(models.Model):
    """A community group's public iCalendar feed. Nothing is fetched until a Moderator approves
    it; then a scheduled job imports its events into the moderation queue or straight onto the site."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved: importing"
        PAUSED = "paused", "Paused"
        REJECTED = "rejected", "Rejected"

    class Trust(models.TextChoices):
        REVIEW = "review", "Review each event"
        TRUSTED = "trusted", "Trusted: publish events directly"

    name = models.CharField(
        "group or organisation", max_length=200, help_text="Shown as the organiser of every imported event."
    )
    organiser_url = models.URLField(
        "group website", max_length=500, blank=True, help_text="The group's own website, shown on events."
    )
    contact_name = models.CharField(max_length=120, blank=True, help_text="Who to ask about this calendar.")
    contact_email = models.EmailField(blank=True, help_text="Their email address. Never shown on the site.")
    # Not a URLField: its validator refuses webcal://, which clean() rewrites to https://.
    url = models.CharField(
        "calendar address",
        max_length=1000,
        help_text="The calendar's public iCalendar (.ics) address. webcal:// addresses are read as https://.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        help_text="Only approved calendars are fetched.",
    )
    trust = models.CharField(
        "trust level",
        max_length=20,
        choices=Trust.choices,
        default=Trust.REVIEW,
        help_text="Review each event: new and changed events wait in Submissions. "
        "Trusted: they are published at once (editors can still unpublish one).",
    )
    interval_minutes = models.PositiveIntegerField(
        "check every (minutes)", default=60, help_text="How often to fetch the calendar. At least 15."
    )
    default_area = models.ForeignKey(
        "home.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The district given to new events from this calendar.",
    )
    default_category = models.ForeignKey(
        "events.EventCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The category given to new events from this calendar.",
    )
    default_themes = models.ManyToManyField(
        "home.Theme", blank=True, related_name="+", help_text="Themes given to new events from this calendar."
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    from_public_form = models.BooleanField(default=False, editable=False)

    # Health, written by the import job.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetch_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    events_imported = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_notes = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)

    objects = CalendarSourceQuerySet.as_manager()

    class Meta:
        verbose_name = "calendar source"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        self.url = normalise_calendar_url(self.url)
        try:
            URLValidator(schemes=["https"])(self.url)
        except ValidationError:
            errors["url"] = URL_INVALID
        if self.interval_minutes is not None and self.interval_minutes < MIN_INTERVAL_MINUTES:
            errors["interval_minutes"] = f"Check the calendar at most every {MIN_INTERVAL_MINUTES} minutes"
        if errors:
            raise ValidationError(errors)

    @property
    def health(self):
        """In words: working, not fetched yet, or the last error (with the failures in a row)."""
        if self.last_error:
            return f"Failing ({self.consecutive_failures} in a row): {self.last_error}"
        if self.last_success_at:
            return f"Working: {self.events_imported} events"
        return "Not fetched yet"

    @property
    def is_failing(self):
        return self.consecutive_failures >= FAILURES_BEFORE_WARNING


class ImportedEventQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class ImportedEvent(models.Model):
    """One event from a source's calendar: its UID (and RECURRENCE-ID for a moved date), what we
    last imported (a fingerprint, so an unchanged event is left alone), and what it became."""

    source = models.ForeignKey(CalendarSource, on_delete=models.CASCADE, related_name="imported_events")
    # sha256 of UID + RECURRENCE-ID: UIDs may be any length.
    key = models.CharField(max_length=64)
    uid = models.TextField()
    recurrence_id = models.CharField(max_length=40, blank=True)
    fingerprint = models.CharField(max_length=64)
    event_page = models.ForeignKey(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    # When the source cancelled or removed it; it is cancelled here, never deleted.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The dates the source leaves out of a series ([iso date, reason]), applied to the page.
    cancelled_dates = models.JSONField(default=list, blank=True)
    # Those last put on the page: the others on the page are an editor's, and kept.
    applied_cancelled_dates = models.JSONField(default=list, blank=True)
    # The last date it happens on: past events are left alone.
    last_ends_at = models.DateTimeField()

    objects = ImportedEventQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="imported_event_unique_key")]

    def __str__(self):
        return f"{self.source}: {self.uid}"
