"""The public "Submit an event" page: the form community groups use, in the shape of Wagtail's
FormMixin. Apart from submissions.py because the form is a ModelForm over EventSubmission."""

import logging

from django.conf import settings
from django.db import models, transaction
from django.template.response import TemplateResponse

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from home.languages import current_code
from home.models import BasePage, cache_policy

from .. import emails, spam
from ..emails import REVIEW_WORKING_DAYS
from ..forms import EventSubmissionForm
from ..tasks import queue_email
from .submissions import RECEIVE_ACTION, EventSubmission

logger = logging.getLogger("events.submissions")


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
                {**form.submission_values(), "language": current_code()},
                form.content_hash(),
                form.cleaned_data.get("image"),
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
