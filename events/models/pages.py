"""The events calendar (listing, archive, feed, .ics calendars) and event pages."""

import re
from datetime import timedelta
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import ExampleContentMixin, RoutableBasePage

from .. import schedule
from ..calendars import (
    calendar_for_events,
    calendar_for_occurrence,
    google_calendar_url,
    json_ld,
    structured_data,
)
from ..feeds import UpcomingEventsFeed
from ..filters import EventFilterForm
from ..schedule import Repeat
from ..templatetags.event_tags import CARD_RENDITIONS
from .details import INCLUSION_FEATURES, UK_POSTCODE, EventCategory, normalise_postcode
from .occurrences import EventOccurrence
from .submissions import SubmitEventPage

# Route names on the events index: an event may not take one as its slug.
RESERVED_SLUGS = {"past", "feed", "calendar"}

PER_PAGE = 20
# Subscribed calendars keep recent events for this long, so they do not vanish the moment they end.
CALENDAR_HISTORY = timedelta(days=90)
FEED_ITEMS = 50


class EventPageQuerySet(PageQuerySet):
    def with_listing_date(self, now=None):
        """Annotate the next occurrence's start (None once all are over) and the last one's."""
        now = now or timezone.now()
        occurrences = EventOccurrence.objects.filter(event=OuterRef("pk"))
        return self.annotate(
            annotated_next_start=Subquery(
                occurrences.filter(end__gt=now).order_by("start").values("start")[:1]
            ),
            annotated_last_start=Subquery(occurrences.order_by("-start").values("start")[:1]),
        )

    def upcoming(self, now=None):
        """Events with an occurrence not yet over, the soonest first. No cron: it is the query."""
        now = now or timezone.now()
        future = EventOccurrence.objects.filter(event=OuterRef("pk"), end__gt=now)
        return self.filter(Exists(future)).with_listing_date(now).order_by("annotated_next_start", "pk")

    def past(self, now=None):
        """Events whose every occurrence is over, the most recent first."""
        now = now or timezone.now()
        occurrences = EventOccurrence.objects.filter(event=OuterRef("pk"))
        return (
            self.filter(Exists(occurrences), ~Exists(occurrences.filter(end__gt=now)))
            .with_listing_date(now)
            .order_by("-annotated_last_start", "pk")
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(RoutableBasePage):
    """The events calendar: upcoming events with filters, the past-events archive, an RSS feed
    and .ics calendars of any filtered view."""

    introduction = models.TextField(
        blank=True, help_text="A sentence or two under the heading: what events are listed here."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # One events calendar, under the home page; it holds events and the form to submit one.
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage", "events.SubmitEventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "events index page"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def events(self):
        """Live, public events under this index."""
        return EventPage.objects.live().public().descendant_of(self)

    def occurrences(self):
        return EventOccurrence.objects.filter(event__in=self.events())

    def filter_form(self, request):
        return EventFilterForm(request.GET)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.filter_form(request)
        past = kwargs.get("past", False)
        now = timezone.now()
        occurrences = form.filter(self.occurrences(), now=now)
        occurrences = occurrences.past(now) if past else occurrences.upcoming(now)
        occurrences = occurrences.select_related("event", "event__area", "event__category")
        paginator = Paginator(occurrences.prefetch_related(event_image_prefetch()), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        query = form.querystring()
        context.update(
            {
                "form": form,
                "past": past,
                "page_obj": page_obj,
                "days": group_by_day(page_obj.object_list, today=None if past else schedule.local_today(now)),
                "result_count": paginator.count,
                "filters_applied": form.has_filters(),
                "feeds": self.feed_links(request, query),
                "listing_url": self.get_url(request),
                "archive_url": self.route_url(request, "past"),
                "submit_page": SubmitEventPage.objects.child_of(self).live().first(),
            }
        )
        return context

    def feed_links(self, request, query):
        suffix = f"?{query}" if query else ""
        ics = self.route_url(request, "calendar", full=True) + suffix
        webcal = re.sub(r"^https?://", "webcal://", ics)
        return {
            "ics": self.route_url(request, "calendar") + suffix,
            "webcal": webcal,
            "google": "https://calendar.google.com/calendar/render?cid=" + webcal,
            "rss": self.route_url(request, "feed") + suffix,
        }

    @path("")
    def upcoming_view(self, request):
        return tidy_query_redirect(request) or self.render(request)

    @path("past/", name="past")
    def past_view(self, request):
        return tidy_query_redirect(request) or self.render(request, past=True)

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        form = self.filter_form(request)
        now = timezone.now()
        # Filters pick the events; the calendar then carries each one's whole series.
        matching = form.filter(self.occurrences(), now=now).filter(end__gt=now - CALENDAR_HISTORY)
        events = (
            self.events()
            .filter(pk__in=matching.values("event_id"))
            .select_related("area", "category")
            .order_by("pk")
        )
        name = self.title if not form.has_filters() else f"{self.title} (filtered)"
        return ics_response(calendar_for_events(events, request, name=name), filename="events.ics")

    @path("feed/", name="feed")
    def feed_view(self, request):
        return UpcomingEventsFeed()(request, index=self)

    def feed_events(self, request):
        """The next FEED_ITEMS events matching the filters, soonest first, for the RSS feed."""
        form = self.filter_form(request)
        now = timezone.now()
        matching = form.filter(self.occurrences(), now=now).upcoming(now)
        first = matching.filter(event=OuterRef("pk")).order_by("start").values("start")[:1]
        return list(
            self.events()
            .filter(pk__in=matching.values("event_id"))
            .annotate(annotated_next_start=Subquery(first))
            .select_related("area", "category")
            .order_by("annotated_next_start", "pk")[:FEED_ITEMS]
        )


class EventPageForm(WagtailAdminPageForm):
    """Checks that each cancelled date is one of the event's dates."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("cancelled_dates")
        if formset is None or not all(key in cleaned for key in ("start", "end")):
            return cleaned
        formset.is_valid()  # formsets are cleaned after the form; each date is needed here
        dates = {
            span.date
            for span in schedule.spans(
                cleaned["start"],
                cleaned["end"],
                cleaned.get("all_day", False),
                cleaned.get("repeat"),
                cleaned.get("repeat_until"),
            )
        }
        for form in formset.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("date") and not data.get("DELETE") and data["date"] not in dates:
                form.add_error(
                    "date", "This is not one of the event's dates. Check the date and repeat rule."
                )
        return cleaned


class EventPage(ExampleContentMixin, RoutableBasePage):
    """One event, happening once or repeating. Each date can be cancelled on its own, and each
    has its own address, .ics file and Google Calendar link."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Going ahead"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    summary = models.TextField(
        max_length=300, help_text="One or two sentences shown in listings and feeds. Plain text."
    )
    description = StreamField(
        BaseStreamBlock(), blank=True, help_text="What happens at the event and who it is for."
    )

    start = models.DateTimeField(
        help_text="When the event starts, UK time. For an all-day event, the first day."
    )
    end = models.DateTimeField(
        help_text="When the (first) event ends, UK time. For an all-day event, the last day."
    )
    all_day = models.BooleanField(default=False, help_text="Tick if the event has no start or end time.")
    repeat = models.CharField(
        max_length=20,
        choices=Repeat.choices,
        default=Repeat.NONE,
        help_text="How often the event happens again, counting from the start date.",
    )
    repeat_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last date it may repeat on, e.g. 30 June. At most two years after the start.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text="Cancelled and postponed events stay listed, clearly marked, until their date.",
    )
    status_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Why it is cancelled or postponed, and any new date. Shown next to the status.",
    )

    venue_name = models.CharField(max_length=200, blank=True, help_text="e.g. Riverside Community Centre.")
    venue_address = models.TextField(
        blank=True, help_text="Street and town, one part per line. The postcode goes below."
    )
    venue_postcode = models.CharField(max_length=10, blank=True, help_text="e.g. DE4 3AG. Links to a map.")
    online_url = models.URLField(
        blank=True,
        help_text="Link to join online (e.g. Zoom or Teams). Leave empty for an in-person-only event.",
    )

    organiser_name = models.CharField(max_length=200, help_text="The group or organisation running it.")
    organiser_url = models.URLField(
        blank=True,
        help_text="The group's website or contact form. Never a bare email address: it would be harvested.",
    )
    organiser_phone = models.CharField(max_length=40, blank=True, help_text="A phone number people can call.")

    is_free = models.BooleanField(default=True, verbose_name="free", help_text="Tick if it costs nothing.")
    price = models.CharField(
        max_length=120, blank=True, help_text="If it is not free: what it costs, e.g. '£3, children free'."
    )
    booking_url = models.URLField(blank=True, help_text="Where to book, if people need to.")

    area = models.ForeignKey(
        "home.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_pages",
        help_text="The district it takes place in. Leave empty for online-only events.",
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_pages",
        help_text="The kind of event, used in filters.",
    )
    themes = ParentalManyToManyField(
        "home.Theme", blank=True, related_name="event_pages", help_text="The integration factors it serves."
    )
    priority = models.ForeignKey(
        "guidance.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_pages",
        help_text="The action plan priority this event helps deliver, if any.",
    )

    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo or poster. Wide images (3:2) work best.",
    )
    image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="image alternative text",
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )

    step_free_access = models.BooleanField(
        default=False, help_text="Step-free from the street to the room and the toilets."
    )
    hearing_loop = models.BooleanField(default=False, help_text="A working hearing (induction) loop.")
    bsl_interpretation = models.BooleanField(
        default=False, verbose_name="BSL interpretation", help_text="A British Sign Language interpreter."
    )
    quiet_space = models.BooleanField(default=False, help_text="A quiet room people can go to.")
    childcare = models.BooleanField(default=False, help_text="Childcare or a crèche is provided.")
    family_friendly = models.BooleanField(default=False, help_text="Children are welcome.")
    women_only = models.BooleanField(
        default=False, verbose_name="women-only session", help_text="For women only."
    )
    languages = models.CharField(
        max_length=200, blank=True, help_text="Languages spoken, e.g. 'English, Polish and Urdu'."
    )
    access_notes = models.TextField(
        blank=True, help_text="Anything else about access: parking, seating, support on arrival."
    )

    objects = EventPageManager()

    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
                InlinePanel(
                    "cancelled_dates",
                    heading="Cancelled dates",
                    label="Cancelled date",
                    help_text="Dates of a repeating event that will not go ahead. Listed as cancelled.",
                ),
            ],
            heading="When",
        ),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_note")], heading="Status"),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_postcode"),
                FieldPanel("online_url"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_url"), FieldPanel("organiser_phone")],
            heading="Organiser",
        ),
        MultiFieldPanel(
            [FieldPanel("is_free"), FieldPanel("price"), FieldPanel("booking_url")],
            heading="Cost and booking",
        ),
        MultiFieldPanel(
            [FieldPanel("area"), FieldPanel("category"), FieldPanel("themes"), FieldPanel("priority")],
            heading="Topics",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
        MultiFieldPanel(
            [FieldPanel(field) for _value, field, _label in INCLUSION_FEATURES]
            + [FieldPanel("languages"), FieldPanel("access_notes")],
            heading="Inclusion and access",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("venue_name"),
        index.SearchField("organiser_name"),
        index.AutocompleteField("venue_name"),
        index.FilterField("start"),
        index.FilterField("area"),
        index.FilterField("category"),
        index.FilterField("is_free"),
    ]

    # Events live in the events index and have no children.
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end:
            start_day, end_day = schedule.to_local(self.start).date(), schedule.to_local(self.end).date()
            if self.all_day and end_day < start_day:
                errors["end"] = "The last day must be the same as or after the first day."
            elif not self.all_day and self.end <= self.start:
                errors["end"] = "The end must be after the start."
            elif self.repeat != Repeat.NONE and end_day != start_day:
                errors["end"] = "A repeating event must start and end on the same day."
        if self.repeat == Repeat.NONE:
            self.repeat_until = None
        elif not self.repeat_until:
            errors["repeat_until"] = "Enter the last date the event repeats on."
        elif self.start:
            first = schedule.to_local(self.start).date()
            if self.repeat_until < first:
                errors["repeat_until"] = "The last date must be on or after the start date."
            elif (self.repeat_until - first).days > schedule.MAX_REPEAT_DAYS:
                errors["repeat_until"] = "An event can repeat for at most two years. Choose an earlier date."
        self.venue_postcode = normalise_postcode(self.venue_postcode)
        if self.venue_postcode and not UK_POSTCODE.match(self.venue_postcode):
            errors["venue_postcode"] = "Enter a real UK postcode, like DE4 3AG."
        if not (self.venue_name or self.venue_postcode or self.online_url):
            errors["venue_name"] = "Enter a venue, an online link, or both."
        if not self.is_free and not self.price.strip():
            errors["price"] = "Enter what it costs, or tick 'free'."
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for people who cannot see it."
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"'{self.slug}' is used by the events calendar. Choose another slug."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # A full save writes the live version (publishing, creating); saving a draft revision
        # updates a few fields only and must not change the public dates.
        if kwargs.get("update_fields") is None:
            self.sync_occurrences()
        return result

    @transaction.atomic
    def sync_occurrences(self):
        """Rebuild this event's EventOccurrence rows from its dates, rule and cancellations."""
        cancelled = {item.date: item.reason for item in self.cancelled_dates.all()}
        everything_cancelled = self.status == self.Status.CANCELLED
        self.occurrences.all().delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(
                event=self,
                start=span.start,
                end=span.end,
                all_day=self.all_day,
                is_cancelled=everything_cancelled or span.date in cancelled,
                cancellation_reason=cancelled.get(span.date, ""),
            )
            for span in self.spans
        )

    # -- dates ---------------------------------------------------------------

    @cached_property
    def spans(self):
        """Every occurrence, computed from the fields (so previews of drafts are right too)."""
        return schedule.spans(self.start, self.end, self.all_day, self.repeat, self.repeat_until)

    @property
    def is_repeating(self):
        return self.rule_parts() is not None

    def rule_parts(self, utc_until=False):
        """The repeat rule as iCalendar RRULE parts, or None for a one-off event."""
        if not (self.start and self.end):
            return None
        first_start = schedule.first_span(self.start, self.end, self.all_day)[0]
        return schedule.rule_parts(
            self.repeat, first_start, self.repeat_until, all_day=self.all_day, utc_until=utc_until
        )

    @property
    def repeat_text(self):
        return schedule.describe_rule(self.repeat, schedule.to_local(self.start), self.repeat_until)

    def _next_span(self, now=None):
        now = now or timezone.now()
        return next((span for span in self.spans if span.end > now), None)

    @property
    def is_upcoming(self):
        """True until the last occurrence is over."""
        if hasattr(self, "annotated_next_start"):
            return self.annotated_next_start is not None
        return self._next_span() is not None

    @property
    def listing_date(self):
        """The next occurrence's start, or the last one's once all are over (aware datetime)."""
        if hasattr(self, "annotated_next_start"):
            return self.annotated_next_start or getattr(self, "annotated_last_start", None)
        span = self._next_span() or (self.spans[-1] if self.spans else None)
        return span.start if span else None

    @property
    def listing_span(self):
        start = self.listing_date
        return next((span for span in self.spans if span.start == start), None)

    def occurrence_dates(self):
        """[(Span, cancelled, reason)] for every date, with cancellations applied."""
        cancelled = {item.date: item.reason for item in self.cancelled_dates.all()}
        everything = self.status == self.Status.CANCELLED
        return [
            (span, everything or span.date in cancelled, cancelled.get(span.date, "")) for span in self.spans
        ]

    # -- where, cost, inclusion ----------------------------------------------

    @property
    def is_in_person(self):
        return bool(self.venue_name or self.venue_postcode)

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def attendance(self):
        if self.is_in_person and self.is_online:
            return "In person and online"
        return "Online" if self.is_online else "In person"

    @property
    def address_lines(self):
        lines = [line.strip() for line in self.venue_address.splitlines() if line.strip()]
        return lines + ([self.venue_postcode] if self.venue_postcode else [])

    @property
    def location_text(self):
        """One line for listings and calendars: venue, town or postcode, and 'online'."""
        parts = [", ".join(filter(None, [self.venue_name, *self.address_lines]))] if self.is_in_person else []
        if self.is_online:
            parts.append("Online")
        return " and ".join(part for part in parts if part)

    @property
    def map_url(self):
        if not self.venue_postcode:
            return ""
        return "https://www.openstreetmap.org/search?query=" + self.venue_postcode.replace(" ", "%20")

    @property
    def cost_text(self):
        return "Free" if self.is_free else self.price

    @property
    def inclusion_labels(self):
        return [label for _value, field, label in INCLUSION_FEATURES if getattr(self, field)]

    @property
    def organiser_tel(self):
        return "".join(ch for ch in self.organiser_phone if ch.isdigit() or ch == "+")

    @property
    def meta_description(self):
        return self.search_description or self.summary

    @property
    def ical_uid(self):
        """Stable across edits, moves and renames: the page's translation key."""
        return f"event-{self.translation_key}@bringing-people-together"

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        span = self.listing_span if self.start and self.end else None
        return f"{title} ({span.date:%-d %b %Y})" if span else title

    # -- page ----------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        selected = kwargs.get("selected")
        now = timezone.now()
        dates = self.occurrence_dates()
        upcoming = [item for item in dates if item[0].end > now]
        shown = selected or (self._next_span(now) or (self.spans[-1] if self.spans else None))
        page_url = self.get_url(request) if self.pk and self.url_path else ""
        context.update(
            {
                "selected": selected,
                "shown_span": shown,
                "shown_cancelled": next((c for s, c, _r in dates if s == shown), False),
                "shown_reason": next((r for s, _c, r in dates if s == shown), ""),
                "upcoming_dates": [
                    {
                        "span": span,
                        "cancelled": cancelled,
                        "reason": reason,
                        "url": f"{page_url}{span.date:%Y-%m-%d}/" if page_url else "",
                        "ics": f"{page_url}{span.date:%Y-%m-%d}/calendar/" if page_url else "",
                        "google": google_calendar_url(self, span, request),
                    }
                    for span, cancelled, reason in upcoming
                ],
                "is_over": not upcoming,
                "ics_url": self._ics_url(page_url, selected),
                "google_url": google_calendar_url(self, shown, request, series=selected is None),
                "structured_data": json_ld(structured_data(self, request, shown)),
            }
        )
        return context

    @staticmethod
    def _ics_url(page_url, selected):
        if not page_url:
            return ""
        return f"{page_url}{selected.date:%Y-%m-%d}/calendar/" if selected else f"{page_url}calendar/"

    @path("")
    def event_view(self, request):
        return self.render(request)

    @re_path(r"^(\d{4}-\d{2}-\d{2})/$", name="occurrence")
    def occurrence_view(self, request, day):
        return self.render(request, selected=self._span_for(day))

    @path("calendar/", name="ics")
    def ics_view(self, request):
        calendar = calendar_for_events([self], request, name=self.title)
        return ics_response(calendar, filename=f"{self.slug}.ics", attachment=True)

    @re_path(r"^(\d{4}-\d{2}-\d{2})/calendar/$", name="occurrence_ics")
    def occurrence_ics_view(self, request, day):
        calendar = calendar_for_occurrence(self, self._span_for(day), request)
        return ics_response(calendar, filename=f"{self.slug}-{day}.ics", attachment=True)

    def _span_for(self, day):
        span = next((span for span in self.spans if f"{span.date:%Y-%m-%d}" == day), None)
        if span is None:
            raise Http404("The event does not happen on that date.")
        return span


class EventCancellation(Orderable):
    """One date of a repeating event that will not go ahead."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="cancelled_dates")
    date = models.DateField(help_text="The date that will not go ahead.")
    reason = models.CharField(
        max_length=200, blank=True, help_text="Optional, shown with the date, e.g. 'Hall closed for repairs'."
    )

    panels = [FieldPanel("date"), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = "cancelled date"


def next_events(root, limit=3, **filters):
    """The next few live, public events under `root` (the home page, say), soonest first.

    Extra keyword arguments filter the events, e.g. priority=... for an action plan page."""
    return list(
        EventPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(**filters)
        .upcoming()
        .select_related("area", "category")[:limit]
    )


def event_image_prefetch():
    """Prefetch each listed event's image with its card renditions: one query, not one per card."""
    return Prefetch("event__image", queryset=get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS))


def group_by_day(occurrences, today=None):
    """[(date, [occurrence, ...])] in order. An event already running is listed under today."""
    days = []
    for occurrence in occurrences:
        day = occurrence.span.date
        if today is not None and day < today:
            day = today
        if days and days[-1][0] == day:
            days[-1][1].append(occurrence)
        else:
            days.append((day, [occurrence]))
    return days


def tidy_query_redirect(request):
    """A GET form sends every field, empty or not; redirect to the short address worth sharing."""
    params = [(key, value) for key, values in request.GET.lists() for value in values]
    kept = [(key, value) for key, value in params if value.strip()]
    if len(kept) == len(params):
        return None
    return HttpResponseRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))


def ics_response(calendar, filename, attachment=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
