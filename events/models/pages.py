"""The events calendar (listing, archive, feed, .ics calendars) and event pages."""

import re
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext

from modelcluster.fields import ParentalKey
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
from home.page_cache import until_purged
from home.pagination import paginate

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
from ..templatetags.event_tags import CARD_RENDITIONS, PAGE_RENDITIONS
from .calendar_page import AddCalendarPage
from .details import INCLUSION_FEATURES, EventDetails
from .occurrences import EventOccurrence, Unindexed
from .submit_page import SubmitEventPage

# Route names on the events index: an event may not take one as its slug.
RESERVED_SLUGS = {"past", "feed", "calendar"}

PER_PAGE = 20
# How long the listing's count of dates is kept (publishing forgets it at once).
LISTING_COUNT_SECONDS = 60
# Subscribed calendars keep recent events for this long, so they do not vanish the moment they end,
# and look this far ahead, so the whole calendar stays small (a series is one RRULE however long).
CALENDAR_HISTORY = timedelta(days=30)
CALENDAR_HORIZON = timedelta(days=365)
FEED_ITEMS = 50
# Events whose last date is further back than this are archived by `manage.py archive_ended_events`.
ARCHIVE_AFTER = timedelta(days=365)


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

    def next_pks_by(self, link, wanted, now=None):
        """{value: [pk, ...]}: for each value of `link` ("priority") in `wanted` ({value: how many}),
        the pks of that many of these events, the soonest next occurrence first.

        One query reading the occurrence table in start order, stopped as soon as every value has
        its events: the work is what the answer needs, not a ranking of every event."""
        chosen = {value: [] for value, count in wanted.items() if count}
        missing = sum(wanted[value] for value in chosen)
        if not missing:
            return chosen
        rows = (
            EventOccurrence.objects.filter(Exists(self.filter(pk=OuterRef("event_id"))))
            # Unindexed: SQLite would start from every event of these values and sort all their dates.
            .alias(link_value=Unindexed(f"event__{link}"))
            .filter(link_value__in=list(chosen))
            .upcoming(now)
            .values_list(f"event__{link}", "event_id")
        )
        for value, pk in rows.iterator(chunk_size=100):
            pks = chosen[value]
            if len(pks) < wanted[value] and pk not in pks:
                pks.append(pk)
                missing -= 1
                if not missing:
                    break
        return chosen

    def past(self, now=None):
        """Events whose every occurrence is over, the most recent first."""
        now = now or timezone.now()
        occurrences = EventOccurrence.objects.filter(event=OuterRef("pk"))
        return (
            self.filter(Exists(occurrences), ~Exists(occurrences.filter(end__gt=now)))
            .with_listing_date(now)
            .order_by("-annotated_last_start", "pk")
        )

    def not_archived(self):
        return self.filter(archived_at__isnull=True)

    def due_for_archive(self, now=None):
        """Not yet archived, and the last date ended more than ARCHIVE_AFTER ago."""
        cutoff = (now or timezone.now()) - ARCHIVE_AFTER
        occurrences = EventOccurrence.objects.filter(event=OuterRef("pk"))
        return self.not_archived().filter(Exists(occurrences), ~Exists(occurrences.filter(end__gt=cutoff)))


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
    subpage_types = ["events.EventPage", "events.SubmitEventPage", "events.AddCalendarPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "events index page"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def events(self):
        """Live, public events under this index, less those archived."""
        return EventPage.objects.live().public().not_archived().descendant_of(self)

    def occurrences(self):
        # EXISTS per occurrence rather than IN (every event): the listing reads a page of
        # occurrences in start order and checks just those.
        return EventOccurrence.objects.filter(Exists(self.events().filter(pk=OuterRef("event_id"))))

    def filter_form(self, request):
        return EventFilterForm(request.GET)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.filter_form(request)
        past = kwargs.get("past", False)
        now = timezone.now()
        occurrences = form.filter(self.occurrences(), now=now)
        occurrences = occurrences.past(now) if past else occurrences.upcoming(now)
        # Events prefetched for the page's dates, not joined: joined, SQLite's planner started from
        # every event and sorted all their dates for one page.
        events = EventPage.objects.select_related("area", "category")
        occurrences = occurrences.prefetch_related(Prefetch("event", queryset=events), event_image_prefetch())
        query = form.querystring()
        # Counting every upcoming date (17,000 at 10,000 events) cost more than the rest of the
        # page's queries together; a minute's drift as dates pass is the price.
        count = until_purged(
            f"events-count:{self.pk}:{past}:{query}", occurrences.count, timeout=LISTING_COUNT_SECONDS
        )
        page_obj = paginate(request, occurrences, PER_PAGE, count=count)
        context.update(
            {
                "form": form,
                "past": past,
                "page_obj": page_obj,
                "days": group_by_day(page_obj.object_list, today=None if past else schedule.local_today(now)),
                "result_count": count,
                "filters_applied": form.has_filters(),
                "feeds": self.feed_links(request, query),
                "filter_query": query,
                "listing_url": self.get_url(request),
                "archive_url": self.route_url(request, "past"),
                **self.form_pages(),
            }
        )
        return context

    def form_pages(self):
        """The live "Submit an event" and "Add your calendar" pages under this index, in one query."""
        forms = {SubmitEventPage: "submit_page", AddCalendarPage: "add_calendar_page"}
        # get_for_model is cached per process: no query per page.
        names = {ContentType.objects.get_for_model(model).pk: name for model, name in forms.items()}
        found = dict.fromkeys(forms.values())
        for page in self.get_children().live().type(*forms).order_by("path"):
            found[names[page.content_type_id]] = found[names[page.content_type_id]] or page
        return found

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
        # Filters pick the events; the calendar then carries each one's whole series. Checked per
        # event (EXISTS by its occurrences' index), not by listing every occurrence in the window.
        in_window = form.filter(EventOccurrence.objects.filter(event=OuterRef("pk")), now=now).filter(
            end__gt=now - CALENDAR_HISTORY, start__lt=now + CALENDAR_HORIZON
        )
        events = self.events().filter(Exists(in_window)).select_related("area", "category").order_by("pk")
        name = self.title if not form.has_filters() else f"{self.title} (filtered)"
        return ics_response(calendar_for_events(events, request, name=name), filename="events.ics")

    @path("feed/", name="feed")
    def feed_view(self, request):
        return UpcomingEventsFeed()(request, index=self)

    def feed_events(self, request):
        """The next FEED_ITEMS events matching the filters, soonest first, for the RSS feed."""
        form = self.filter_form(request)
        now = timezone.now()
        first_start = soonest_events(form.filter(self.occurrences(), now=now).upcoming(now), FEED_ITEMS)
        events = list(self.events().filter(pk__in=first_start).select_related("area", "category"))
        for event in events:
            event.annotated_next_start = first_start[event.pk]
        return sorted(events, key=lambda event: (first_start[event.pk], event.pk))


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


class EventPage(ExampleContentMixin, EventDetails, RoutableBasePage):
    """One event, happening once or repeating. Each date can be cancelled on its own, and each
    has its own address, .ics file and Google Calendar link."""

    # Made on publish (home.renditions): the card in listings and the picture on the page.
    image_renditions = {"image": CARD_RENDITIONS + PAGE_RENDITIONS}

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Going ahead"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    description = StreamField(
        BaseStreamBlock(), blank=True, help_text="What happens at the event and who it is for."
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

    organiser_phone = models.CharField(max_length=40, blank=True, help_text="A phone number people can call.")

    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo or poster. Wide images (3:2) work best.",
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set by archive_ended_events a year after the event; the page then says it has ended.",
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
        # Inclusion in plain words ("BSL", "hearing loop", "Polish"); synonyms add "wheelchair" etc.
        index.SearchField("inclusion_text"),
        index.SearchField("languages"),
        index.SearchField("access_notes"),
        # "events in Chesterfield", "events for young people": the area and category in words.
        index.RelatedFields("area", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
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
        # The page's own rules, then the shared details' (EventDetails.clean), all reported at once.
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = ["Describe the image for people who cannot see it"]
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = [f"'{self.slug}' is used by the events calendar. Choose another slug"]
        try:
            super().clean()
        except ValidationError as error:
            error.update_error_dict(errors)
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
        if start is not None and hasattr(self, "annotated_next_start"):
            # A start read from the occurrence table is one of the series' dates.
            return schedule.span_starting(start, self.start, self.end, self.all_day)
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
        place = ", ".join(filter(None, [self.venue_name, *self.address_lines])) if self.is_in_person else ""
        if self.is_online:
            return gettext("%(place)s and Online") % {"place": place} if place else gettext("Online")
        return place

    @property
    def map_url(self):
        if not self.venue_postcode:
            return ""
        return "https://www.openstreetmap.org/search?query=" + self.venue_postcode.replace(" ", "%20")

    @property
    def cost_text(self):
        return gettext("Free") if self.is_free else self.price

    @property
    def inclusion_text(self):
        return ", ".join(["Event", *self.inclusion_labels])

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

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(archived_at__isnull=True)

    def get_sitemap_urls(self, request=None):
        return [] if self.archived_at else super().get_sitemap_urls(request)

    def render_ended(self, request):
        """An archived event keeps its address, which now says only that the event has ended."""
        context = Page.get_context(self, request)
        context["events_url"] = self.get_parent().url
        return TemplateResponse(request, "events/event_ended.html", context)

    @path("")
    def event_view(self, request):
        return self.render_ended(request) if self.archived_at else self.render(request)

    @re_path(r"^(\d{4}-\d{2}-\d{2})/$", name="occurrence")
    def occurrence_view(self, request, day):
        if self.archived_at:
            return self.render_ended(request)
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

    Extra keyword arguments filter the events, e.g. priority=... for an action plan page. Read
    from the occurrence table's (end, start) index with a LIMIT, so the cost does not grow with
    the number of events."""
    now = timezone.now()
    candidates = EventPage.objects.live().public().descendant_of(root).filter(**filters)
    upcoming = EventOccurrence.objects.filter(Exists(candidates.filter(pk=OuterRef("event_id")))).upcoming(
        now
    )
    first_start = soonest_events(upcoming, limit)
    events = (
        EventPage.objects.filter(pk__in=first_start).with_listing_date(now).select_related("area", "category")
    )
    return sorted(events, key=lambda event: (first_start[event.pk], event.pk))


def soonest_events(upcoming, limit):
    """{event pk: its first start} for the first `limit` distinct events of `upcoming` (occurrences
    in start order), in that order. One query, read only as far as the answer needs."""
    first_start = {}
    rows = upcoming.values_list("event_id", "start").iterator(chunk_size=max(limit * 4, 20))
    for event_id, start in rows:
        first_start.setdefault(event_id, start)
        if len(first_start) == limit:
            break
    return first_start


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
    """An .ics response from an icalendar Calendar or the bytes calendar_for_events made."""
    content = calendar if isinstance(calendar, bytes) else calendar.to_ical()
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
