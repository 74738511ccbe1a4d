"""The public "Add your calendar" page: a community group asks for its public calendar to be
imported. It creates a pending CalendarSource; nothing is fetched until a Moderator approves it."""

import logging

from django.db import models
from django.template.response import TemplateResponse

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.models import BasePage, cache_policy

from .. import spam
from ..forms import CalendarSourceForm
from .sources import CalendarSource

logger = logging.getLogger("events.importing")


class AddCalendarPage(BasePage):
    """The form a group uses to register its calendar (Google, Outlook, an events platform) so
    its events flow into the events calendar once a Moderator approves it."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph: who can add a calendar and what happens to it."
    )
    guidance = models.TextField(
        blank=True,
        help_text="How to find a calendar's public address, in short steps. Plain text, above the form.",
    )

    # The form carries a CSRF token and a timing token: never cache it.
    varies_per_visitor = True

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("guidance")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # One form, inside the events calendar; no children.
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "add your calendar page"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def get_form(self, *args, **kwargs):
        return CalendarSourceForm(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        """GET shows the form; POST screens it for spam, checks it, stores a pending source."""
        if request.method != "POST":
            return self.render_form(request, self.get_form())
        verdict, form = spam.screen(
            request, lambda: self.get_form(request.POST), limit=spam.calendar_source_limit()
        )
        if verdict.outcome == spam.TOO_LARGE:
            return self.render_refusal(request, "413.html", 413)
        if verdict.outcome == spam.ROBOT:
            return self.render_landing_page(request)
        if verdict.outcome == spam.RATE_LIMITED:
            response = self.render_refusal(
                request, "429.html", 429, {"retry_minutes": max(1, round(verdict.retry_after / 60))}
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if verdict.outcome != spam.ACCEPT:
            return self.render_form(request, form)
        self.process_form_submission(form)
        return self.render_landing_page(request)

    def process_form_submission(self, form):
        """A pending source; the same address asked for again is not stored twice."""
        existing = CalendarSource.objects.filter(url=form.instance.url).first()
        if existing:
            logger.info("Calendar %s asked for again: already source %s", form.instance.url, existing.pk)
            return existing
        source = form.save(commit=False)
        source.status = CalendarSource.Status.PENDING
        source.from_public_form = True
        source.save()
        return source

    def render_form(self, request, form):
        context = self.get_context(request)
        context.update(form=form, form_token=spam.issue_form_token())
        return self._private(TemplateResponse(request, self.get_template(request), context))

    def render_landing_page(self, request):
        context = self.get_context(request)
        return self._private(TemplateResponse(request, "events/calendar_source_received.html", context))

    def render_refusal(self, request, template, status, context=None):
        return self._private(TemplateResponse(request, template, context or {}, status=status))

    def _private(self, response):
        return cache_policy(response, varies_per_visitor=self.varies_per_visitor)
