"""Public submissions: the form page community groups use and the submissions editors moderate."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from home.models import BasePage, cache_policy

from .. import emails, schedule, spam
from ..emails import REVIEW_WORKING_DAYS
from ..forms import EventSubmissionForm
from ..schedule import Repeat
from ..storage import PrivateSubmissionStorage
from ..tasks import queue_email
from .details import INCLUSION_FEATURES, EventCategory

logger = logging.getLogger("events.submissions")

# Audit log actions for a submission's life.
RECEIVE_ACTION = "events.submission.receive"
APPROVE_ACTION = "events.submission.approve"
REJECT_ACTION = "events.submission.reject"


class SubmitEventPage(BasePage):
    """The public form community groups use to send an event for the calendar. Editors write the
    introduction, guidance and confirmation text; nothing sent is public until an editor approves it."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph: who can submit events and what kinds we list."
    )
    guidance = RichTextField(
        blank=True,
        features=["bold", "link", "ol", "ul"],
        help_text="What to have ready and what we will not list. Shown above the form.",
    )
    confirmation_title = models.CharField(
        max_length=120,
        default="Event submitted",
        help_text="Heading of the confirmation panel shown after someone submits an event.",
    )
    confirmation_text = RichTextField(
        blank=True,
        features=["bold", "link", "ol", "ul"],
        help_text="What happens next and when, shown below the confirmation panel.",
    )

    # The form carries a CSRF token and a timing token: never cache it.
    varies_per_visitor = True

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("guidance"),
        MultiFieldPanel(
            [FieldPanel("confirmation_title"), FieldPanel("confirmation_text")], heading="Confirmation"
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # One form, inside the events calendar; no children.
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "submit an event page"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = settings.SUBMISSION_RETENTION_DAYS
        context["review_days"] = REVIEW_WORKING_DAYS
        return context

    # -- the form, in the shape of Wagtail's FormMixin -----------------------

    def get_form(self, *args, **kwargs):
        return EventSubmissionForm(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        """GET shows the form; POST screens it for spam, checks it, stores it and confirms."""
        if request.method != "POST":
            return self.render_form(request, self.get_form())
        verdict, form = spam.screen(request, lambda: self.get_form(request.POST, request.FILES))
        if verdict.outcome == spam.TOO_LARGE:
            return self.render_refusal(request, "413.html", 413)
        if verdict.outcome == spam.ROBOT:
            # Tell robots nothing; store nothing.
            return self.render_landing_page(request, None)
        if verdict.outcome == spam.RATE_LIMITED:
            response = self.render_refusal(
                request, "429.html", 429, {"retry_minutes": max(1, round(verdict.retry_after / 60))}
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if verdict.outcome != spam.ACCEPT:
            return self.render_form(request, form)
        submission, created = self.process_form_submission(form)
        if not created:
            logger.info("Event submission %s sent again: not stored twice", submission.reference)
        return self.render_landing_page(request, submission)

    def process_form_submission(self, form):
        """Store the submission (an exact resubmission is not stored twice) and queue its emails;
        (submission, created)."""
        with transaction.atomic():
            submission, created = EventSubmission.objects.store(
                form.submission_values(), form.content_hash(), form.cleaned_data.get("image")
            )
            if created:
                log(submission, RECEIVE_ACTION)
                queue_email(emails.ACKNOWLEDGEMENT, submission)
                queue_email(emails.EDITOR_ALERT, submission)
        return submission, created

    def render_form(self, request, form):
        context = self.get_context(request)
        context.update(form=form, form_token=spam.issue_form_token())
        return self._private(TemplateResponse(request, self.get_template(request), context))

    def render_landing_page(self, request, submission):
        context = self.get_context(request)
        context.update(submission=submission)
        return self._private(TemplateResponse(request, "events/submission_received.html", context))

    def render_refusal(self, request, template, status, context=None):
        return self._private(TemplateResponse(request, template, context or {}, status=status))

    def _private(self, response):
        return cache_policy(response, varies_per_visitor=self.varies_per_visitor)


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
        ).order_by("is_reviewed", "-submitted_at", "-pk")

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
    return PrivateSubmissionStorage()


class EventSubmission(models.Model):
    """An event a community group sent through the public form. Pending until an editor approves it
    (which creates an EventPage) or rejects it with a reason; contact details are purged on a timer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    group_name = models.CharField("group or organisation", max_length=200)
    group_url = models.URLField("group website", max_length=500, blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    title = models.CharField("event title", max_length=120)
    summary = models.TextField(max_length=300)
    description = models.TextField(max_length=5000, blank=True)

    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    repeat = models.CharField(max_length=20, choices=Repeat.choices, default=Repeat.NONE)
    repeat_until = models.DateField(null=True, blank=True)
    # When the last date ends: the purge timer counts from here.
    last_ends_at = models.DateTimeField(db_index=True)

    in_person = models.BooleanField(default=True)
    online = models.BooleanField(default=False)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(max_length=500, blank=True)
    venue_postcode = models.CharField(max_length=10, blank=True)
    online_url = models.URLField("online link", max_length=500, blank=True)

    area = models.ForeignKey(
        "home.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_submissions"
    )
    category = models.ForeignKey(
        EventCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_submissions"
    )
    is_free = models.BooleanField("free", default=True)
    price = models.CharField(max_length=120, blank=True)
    booking_url = models.URLField("booking link", max_length=500, blank=True)

    step_free_access = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpretation = models.BooleanField("BSL interpretation", default=False)
    quiet_space = models.BooleanField(default=False)
    childcare = models.BooleanField(default=False)
    family_friendly = models.BooleanField(default=False)
    women_only = models.BooleanField("women-only session", default=False)
    languages = models.CharField("languages spoken", max_length=200, blank=True)
    access_notes = models.TextField(max_length=1000, blank=True)

    # Re-encoded by Pillow (no EXIF or GPS) and kept outside the public media folder until approval.
    image = models.ImageField(upload_to="event-submissions/", storage=submission_image_storage, blank=True)
    image_alt = models.CharField("image description", max_length=250, blank=True)

    consented_at = models.DateTimeField("agreed to the privacy notice at")
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
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def spans(self):
        return schedule.spans(self.start, self.end, self.all_day, self.repeat, self.repeat_until)

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

    @property
    def repeat_text(self):
        return schedule.describe_rule(self.repeat, schedule.to_local(self.start), self.repeat_until)

    def inclusion_labels(self):
        return [label for _value, field, label in INCLUSION_FEATURES if getattr(self, field)]

    def remove_personal_data(self, now=None):
        """Delete the contact details (and an image never published), keeping the event's record."""
        if self.image:
            self.image.delete(save=False)
        self.contact_name = self.contact_email = self.contact_phone = ""
        self.content_hash = None
        self.personal_data_removed_at = now or timezone.now()
        self.save()
