"""Guidance notes and resources, the strategy and charter, and the live action plan."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.forms import CheckboxSelectMultiple
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, TranslatableMixin
from wagtail.search import index

from alerts.models import NotifySubscribersMixin
from home.blocks import BaseStreamBlock, ContactCardBlock
from home.models import BasePage, LiveQuerySet, ModeratedSnippet, ReviewDatesMixin
from home.page_cache import until_purged
from home.pagination import paginate
from home.social import image_urls
from home.structured_data import breadcrumb_list, collection_page_data, publisher

from .blocks import CharterTextBlock

# ---------------------------------------------------------------------------
# The action plan: priorities (snippets) and the actions under each
# ---------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


@dataclass(frozen=True)
class Progress:
    """How far a priority's actions have got, for the summary and the progress bar."""

    planned: int
    in_progress: int
    done: int

    @property
    def total(self):
        return self.planned + self.in_progress + self.done

    @property
    def percent_done(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def percent_in_progress(self):
        return round(100 * self.in_progress / self.total) if self.total else 0

    @property
    def text(self):
        return gettext("%(done)s of %(total)s done, %(in_progress)s in progress, %(planned)s planned") % {
            "done": self.done,
            "total": self.total,
            "in_progress": self.in_progress,
            "planned": self.planned,
        }


class Priority(ModeratedSnippet, TranslatableMixin, index.Indexed, ClusterableModel):
    """A numbered priority of the action plan. Guidance, stories and events point at these."""

    number = models.PositiveSmallIntegerField(help_text="Its number in the action plan, e.g. 4.")
    title = models.CharField(
        max_length=255, help_text="The priority as the charter words it, e.g. 'Monitor and assess…'."
    )
    slug = models.SlugField(max_length=100, help_text="Used in web addresses and filters.")
    description = models.TextField(blank=True, help_text="What this priority means, in a few sentences.")
    themes = ParentalManyToManyField(
        "home.Theme", blank=True, related_name="priorities", help_text="The integration factors it serves."
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("themes", widget=CheckboxSelectMultiple),
        InlinePanel(
            "actions",
            heading="Actions",
            label="Action",
            help_text="What partners are doing about this priority. Update the status and latest news here.",
        ),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    objects = LiveQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["number"]
        verbose_name_plural = "priorities"
        unique_together = [("translation_key", "locale"), ("number", "locale"), ("slug", "locale")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def anchor(self):
        return f"priority-{self.slug}"

    @property
    def progress_text(self):
        progress = self.progress()
        return progress.text if progress.total else "No actions yet"

    progress_text.fget.short_description = "Progress"

    def search_text(self, with_actions=False):
        """The priority in words for the search index of the pages that show it."""
        lines = [str(self), self.description, *(theme.name for theme in self.themes.all())]
        if with_actions:
            for action in self.actions.all():
                if not action.is_example:
                    lines += [action.title, action.lead_organisation, action.latest_update]
        return "\n".join(line for line in lines if line)

    def progress(self):
        """Counts by status; iterates `actions.all()`, so it uses a prefetch when there is one."""
        counts = dict.fromkeys(ActionStatus.values, 0)
        for action in self.actions.all():
            counts[action.status] += 1
        return Progress(
            planned=counts[ActionStatus.PLANNED],
            in_progress=counts[ActionStatus.IN_PROGRESS],
            done=counts[ActionStatus.DONE],
        )


def priorities_search_text(locale_id, with_actions=False):
    """Every priority of a language in words, for the pages that show them all."""
    priorities = Priority.objects.live().filter(locale_id=locale_id).prefetch_related("themes", "actions")
    return "\n".join(priority.search_text(with_actions) for priority in priorities)


class PriorityAction(Orderable):
    """Something a partner is doing about a priority, with its status and latest news."""

    priority = ParentalKey(Priority, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(
        max_length=255, help_text="What is being done, starting with a verb, e.g. 'Train 20 hate crime…'."
    )
    lead_organisation = models.CharField(
        max_length=255, help_text="The organisation responsible, e.g. Derby City Council."
    )
    status = models.CharField(
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
        help_text="Planned, in progress or done.",
    )
    target_date = models.DateField(null=True, blank=True, help_text="When it should be finished, if known.")
    latest_update = models.TextField(
        blank=True, help_text="One or two sentences on what has happened most recently."
    )
    latest_update_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="date of latest update",
        help_text="When the latest update was written.",
    )
    is_example = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by the seed content for demonstration actions; removed by remove_example_content.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("lead_organisation"), FieldPanel("status")]),
        FieldPanel("target_date"),
        FieldPanel("latest_update"),
        FieldPanel("latest_update_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "action"

    def __str__(self):
        if self.is_example:
            return f"[Example] {self.title}"
        return self.title

    def clean(self):
        super().clean()
        if self.latest_update and not self.latest_update_on:
            raise ValidationError({"latest_update_on": "Give the date of the latest update."})
        if self.latest_update_on and not self.latest_update:
            raise ValidationError({"latest_update": "Write the update, or clear its date."})

    @property
    def status_tag_class(self):
        return {
            ActionStatus.PLANNED: "govuk-tag--grey",
            ActionStatus.IN_PROGRESS: "govuk-tag--blue",
            ActionStatus.DONE: "govuk-tag--green",
        }[self.status]


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def selected_slugs(request, name, options):
    """The GET values for `name` that match one of `options`; unknown values in a shared link are dropped."""
    known = {option.slug for option in options}
    return [slug for slug in dict.fromkeys(request.GET.getlist(name)) if slug in known]


class SectionPage(BasePage):
    """A section landing page: an introduction and cards for what is inside."""

    introduction = models.TextField(blank=True, help_text="The opening paragraph, shown larger.")

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        abstract = True


# ---------------------------------------------------------------------------
# Guidance
# ---------------------------------------------------------------------------


class GuidanceNoteQuerySet(PageQuerySet):
    # Subqueries rather than joins with DISTINCT, so ordering by any column stays valid on PostgreSQL.
    def for_audiences(self, slugs):
        if not slugs:
            return self
        return self.filter(
            pk__in=GuidanceNotePage.audiences.through.objects.filter(audience__slug__in=slugs).values(
                "guidancenotepage_id"
            )
        )

    def for_themes(self, slugs):
        if not slugs:
            return self
        return self.filter(
            pk__in=GuidanceNotePage.themes.through.objects.filter(theme__slug__in=slugs).values(
                "guidancenotepage_id"
            )
        )

    def sharing_a_theme_or_audience_with(self, note):
        # Lists of ids: in a preview these are modelcluster's in-memory querysets, not subqueries.
        themes = [theme.pk for theme in note.themes.all()]
        audiences = [audience.pk for audience in note.audiences.all()]
        return self.filter(
            models.Q(
                pk__in=GuidanceNotePage.themes.through.objects.filter(theme__in=themes).values(
                    "guidancenotepage_id"
                )
            )
            | models.Q(
                pk__in=GuidanceNotePage.audiences.through.objects.filter(audience__in=audiences).values(
                    "guidancenotepage_id"
                )
            )
        )

    def newest_first(self):
        return self.order_by(models.F("last_reviewed").desc(nulls_last=True), "-last_published_at", "title")


GuidanceNoteManager = PageManager.from_queryset(GuidanceNoteQuerySet)


class GuidanceIndexPage(SectionPage):
    """The guidance section: every guidance note, filtered by audience and theme."""

    per_page = 10

    content_panels = SectionPage.content_panels
    search_fields = SectionPage.search_fields

    # One guidance section per site, at the top level.
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.GuidanceNotePage", "guidance.ResourcesPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "guidance index"
        verbose_name_plural = "guidance indexes"

    def get_context(self, request, *args, **kwargs):
        from home.models import Audience, Theme

        context = super().get_context(request, *args, **kwargs)
        audiences = list(Audience.objects.live().for_locale_of(self))
        themes = list(Theme.objects.live().for_locale_of(self))
        chosen_audiences = selected_slugs(request, "audience", audiences)
        chosen_themes = selected_slugs(request, "theme", themes)
        notes = (
            GuidanceNotePage.objects.child_of(self)
            .live()
            .for_audiences(chosen_audiences)
            .for_themes(chosen_themes)
            .newest_first()
            .prefetch_related("audiences")
        )
        results = paginate(request, notes, self.per_page)
        context.update(
            audiences=audiences,
            themes=themes,
            chosen_audiences=chosen_audiences,
            chosen_themes=chosen_themes,
            is_filtered=bool(chosen_audiences or chosen_themes),
            results=results,
            resources_page=ResourcesPage.objects.child_of(self).live().first(),
        )
        return context

    def structured_data(self, request):
        return collection_page_data(self, request)


class GuidanceNotePage(NotifySubscribersMixin, ReviewDatesMixin, BasePage):
    """A guidance note for one or more audiences: what cohesion means for them and how they can help."""

    summary = models.TextField(help_text="Two or three sentences: what this guidance covers. Shown in lists.")
    audiences = ParentalManyToManyField(
        "home.Audience", blank=True, related_name="guidance_notes", help_text="Who this guidance is for."
    )
    audience_description = models.TextField(
        blank=True,
        help_text="Who this guidance is for, in the note's own words, e.g. 'Community groups, volunteers…'.",
    )
    themes = ParentalManyToManyField(
        "home.Theme", blank=True, related_name="guidance_notes", help_text="Integration factors it covers."
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="The guidance in sections, e.g. what cohesion is, what it means here, why it matters.",
    )
    help_heading = models.CharField(
        max_length=120, default="Ways you can help", help_text="Heading of the list of actions."
    )
    help_introduction = models.TextField(
        blank=True, help_text="The sentence that introduces the actions, e.g. 'You can help … by:'."
    )
    objects = GuidanceNoteManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=CheckboxSelectMultiple),
                FieldPanel("audience_description"),
            ],
            heading="Who this guidance is for",
        ),
        FieldPanel("themes", widget=CheckboxSelectMultiple),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("help_heading"),
                FieldPanel("help_introduction"),
                InlinePanel("help_actions", label="Action", min_num=1),
            ],
            heading="Ways you can help",
        ),
        InlinePanel("documents", label="Download", heading="Downloads"),
        InlinePanel("related_links", label="Related page", heading="Related guidance and information"),
        ReviewDatesMixin.review_panel,
        *NotifySubscribersMixin.alert_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience_description"),
        index.SearchField("body"),
        index.RelatedFields("help_actions", [index.SearchField("text")]),
        index.FilterField("last_reviewed"),
    ]

    # Guidance lives in the guidance section and has no children.
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guidance note"

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def related_guidance(self, limit=4):
        """Pages the editor chose, then other live notes sharing an audience or theme."""
        chosen = [
            (link.link_text or link.page.title, link.page)
            for link in self.related_links.select_related("page")
            if link.page and link.page.live
        ]
        chosen_ids = {page.pk for _text, page in chosen}
        automatic = (
            GuidanceNotePage.objects.live()
            .sibling_of(self, inclusive=False)
            .sharing_a_theme_or_audience_with(self)
            .exclude(pk__in=chosen_ids)
            .newest_first()[: max(limit - len(chosen), 0)]
        )
        return chosen + [(note.title, note) for note in automatic]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            audiences=list(self.audiences.all()),
            themes=list(self.themes.all()),
            help_actions=list(self.help_actions.all()),
            documents=list(self.documents.select_related("document")),
            related=self.related_guidance(),
            guidance_url=self.get_parent().url,
        )
        return context

    def structured_data(self, request):
        article = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "url": self.full_url,
            "mainEntityOfPage": self.full_url,
            "inLanguage": "en-GB",
            "publisher": publisher(request),
            "author": publisher(request),
            "audience": [
                {"@type": "Audience", "audienceType": audience.name} for audience in self.audiences.all()
            ],
            "about": [theme.name for theme in self.themes.all()],
            "image": image_urls(request, self.social_image),
        }
        if self.first_published_at:
            article["datePublished"] = self.first_published_at.date().isoformat()
        if self.updated_on:
            article["dateModified"] = self.updated_on.isoformat()
        return [article, {"@context": "https://schema.org", **breadcrumb_list(self)}]


class GuidanceNoteAction(Orderable):
    """One thing a reader can do, in the guidance note's 'ways you can help' list."""

    page = ParentalKey(GuidanceNotePage, on_delete=models.CASCADE, related_name="help_actions")
    text = RichTextField(
        features=["bold", "link"], help_text="One action, starting with a verb, e.g. 'Ensuring membership…'."
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "action"


class DocumentLink(Orderable):
    """A document offered for download, with optional link text."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Choose or upload a file.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Link text; the document's own title if empty."
    )

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def link_text(self):
        return self.title or self.document.title


class GuidanceNoteDocument(DocumentLink):
    """A download offered with a guidance note, e.g. the printed leaflet as a PDF."""

    page = ParentalKey(GuidanceNotePage, on_delete=models.CASCADE, related_name="documents")

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "download"


class GuidanceNoteRelatedLink(Orderable):
    """A page an editor links from a guidance note as related reading."""

    source = ParentalKey(GuidanceNotePage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="The related page."
    )
    link_text = models.CharField(max_length=200, blank=True, help_text="Defaults to the page's title.")

    panels = [FieldPanel("page"), FieldPanel("link_text")]

    class Meta(Orderable.Meta):
        verbose_name = "related page"


class ResourcesPage(BasePage):
    """Downloadable documents (guidance notes, strategies, toolkits) with a filter by theme."""

    introduction = models.TextField(blank=True, help_text="The opening paragraph, shown larger.")

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("resources", label="Resource", heading="Resources"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.RelatedFields("resources", [index.SearchField("title"), index.SearchField("description")]),
    ]

    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "resources page"

    def get_context(self, request, *args, **kwargs):
        from home.models import Theme

        context = super().get_context(request, *args, **kwargs)
        themes = list(Theme.objects.live().for_locale_of(self))
        chosen = selected_slugs(request, "theme", themes)
        resources = self.resources.select_related("document", "theme")
        if chosen:
            resources = resources.filter(theme__slug=chosen[0])
        context.update(
            themes=themes,
            chosen_theme=next((theme for theme in themes if chosen and theme.slug == chosen[0]), None),
            resources=list(resources),
        )
        return context

    def structured_data(self, request):
        return collection_page_data(self, request)


class ResourceItem(DocumentLink):
    """A document on the resources page, with its theme and a line on what it is for."""

    page = ParentalKey(ResourcesPage, on_delete=models.CASCADE, related_name="resources")
    theme = models.ForeignKey(
        "home.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text="The integration factor it is mostly about. Leave empty if it covers them all.",
    )
    description = models.TextField(blank=True, help_text="One sentence: what it is and who it is for.")

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("theme"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "resource"


# ---------------------------------------------------------------------------
# Strategy and charter
# ---------------------------------------------------------------------------


class StrategyIndexPage(SectionPage):
    """The strategy and charter section: the strategies, charters and action plan as cards."""

    content_panels = SectionPage.content_panels
    search_fields = SectionPage.search_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.StrategyPage", "guidance.ActionPlanPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "strategy and charter section"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = list(self.get_children().live().public().specific())
        return context

    def structured_data(self, request):
        return [{"@context": "https://schema.org", **breadcrumb_list(self)}]


class StrategyPage(NotifySubscribersMixin, ReviewDatesMixin, BasePage):
    """A strategy or charter, in structured parts: vision, values, integration factors and signatories."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        CHARTER = "charter", _("Charter")

    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.STRATEGY,
        help_text="Whether this is a strategy or a charter.",
    )
    period_start = models.PositiveSmallIntegerField(help_text="The year it starts, e.g. 2014.")
    period_end = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year it ends, e.g. 2016. Leave empty if it has no end date."
    )
    publishing_organisation = models.CharField(
        max_length=200, help_text="Who published it, e.g. Derby City Council."
    )
    strapline = models.CharField(
        max_length=255, blank=True, help_text="The line under the title, e.g. 'Working together for…'."
    )
    summary = models.TextField(
        help_text="Two or three sentences on what it is, shown in lists and search results."
    )
    introduction = StreamField(
        CharterTextBlock(), blank=True, help_text="The introduction, with any quotations in their place."
    )
    background = StreamField(
        CharterTextBlock(),
        blank=True,
        help_text="The context and reasons for it. An 'Integration factors' block places the factors.",
    )
    vision = models.CharField(
        max_length=255, blank=True, help_text="The vision statement, without quotation marks."
    )
    values_introduction = models.TextField(blank=True, help_text="Optional sentence before the values.")
    action_plan_introduction = models.TextField(
        blank=True, help_text="Who drives the plan, e.g. 'The Cohesion & Integration Leadership Group will…'."
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("publishing_organisation"),
                FieldPanel("strapline"),
                FieldPanel("summary"),
            ],
            heading="About this document",
        ),
        FieldPanel("introduction"),
        InlinePanel("signatories", label="Signatory", heading="Signatories"),
        FieldPanel("background"),
        InlinePanel("integration_factors", label="Integration factor", heading="Integration factors"),
        FieldPanel("vision"),
        FieldPanel("values_introduction"),
        InlinePanel("values", label="Value", heading="Values"),
        FieldPanel("action_plan_introduction"),
        ReviewDatesMixin.review_panel,
        *NotifySubscribersMixin.alert_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("strapline"),
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("background"),
        index.SearchField("vision"),
        index.SearchField("publishing_organisation"),
        index.SearchField("period_text"),
        index.SearchField("values_introduction"),
        index.SearchField("action_plan_introduction"),
        index.RelatedFields("values", [index.SearchField("text")]),
        index.RelatedFields("signatories", [index.SearchField("name"), index.SearchField("role")]),
        index.RelatedFields(
            "integration_factors",
            [index.SearchField("description"), index.RelatedFields("theme", [index.SearchField("name")])],
        ),
        # The priorities are snippets shown on the page; guidance/signals.py reindexes on their change.
        index.SearchField("priorities_text"),
    ]

    parent_page_types = ["guidance.StrategyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "strategy or charter"
        verbose_name_plural = "strategies and charters"

    @property
    def meta_description(self):
        return self.search_description or self.summary

    @property
    def period(self):
        """'2014-16', '2014-2101' across a century, or '2014 onwards'."""
        if not self.period_end:
            return f"{self.period_start} onwards"
        if self.period_end == self.period_start:
            return str(self.period_start)
        if self.period_end // 100 == self.period_start // 100:
            return f"{self.period_start}-{self.period_end % 100:02d}"
        return f"{self.period_start}-{self.period_end}"

    @property
    def is_historic(self):
        """Its end year has passed: the page says which years it covers (editors set the end year)."""
        return bool(self.period_end) and self.period_end < timezone.localdate().year

    def clean(self):
        super().clean()
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end year must not be before the start year."})

    def priorities_text(self):
        return priorities_search_text(self.locale_id)

    def period_text(self):
        """'2014 2016', so a search for either year finds it."""
        return " ".join(dict.fromkeys(str(year) for year in (self.period_start, self.period_end) if year))

    @cached_property
    def factors_placed_in_background(self):
        return any(block.block_type == "integration_factors" for block in self.background)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guidance_index = GuidanceIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context.update(
            signatories=list(self.signatories.all()),
            factors=list(self.integration_factors.select_related("theme")),
            values=list(self.values.all()),
            priorities=list(Priority.objects.live().filter(locale_id=self.locale_id)),
            action_plan=ActionPlanPage.objects.live().filter(charter=self).first(),
            guidance_url=guidance_index.url if guidance_index else None,
        )
        return context

    def structured_data(self, request):
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "alternativeHeadline": self.strapline,
            "description": self.summary,
            "genre": self.get_kind_display(),
            "url": self.full_url,
            "mainEntityOfPage": self.full_url,
            "inLanguage": "en-GB",
            "temporalCoverage": f"{self.period_start}/{self.period_end or '..'}",
            "author": {"@type": "GovernmentOrganization", "name": self.publishing_organisation},
            "publisher": publisher(request),
            "image": image_urls(request, self.social_image),
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.date().isoformat()
        if self.updated_on:
            data["dateModified"] = self.updated_on.isoformat()
        return [data, {"@context": "https://schema.org", **breadcrumb_list(self)}]


class Signatory(Orderable):
    """Someone who signed a strategy or charter."""

    page = ParentalKey(StrategyPage, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(max_length=200, help_text="With title, e.g. 'Councillor Ranjit Banwait'.")
    role = models.CharField(max_length=200, help_text="As printed, e.g. 'Leader of Derby City Council'.")
    organisation = models.CharField(max_length=200, blank=True, help_text="e.g. Derby City Council.")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = "signatory"

    def __str__(self):
        return self.name

    @property
    def organisation_if_not_in_role(self):
        """The organisation, unless the role already names it ('Leader of Derby City Council')."""
        if self.organisation and self.organisation.lower() not in self.role.lower():
            return self.organisation
        return ""


class IntegrationFactor(Orderable):
    """One of the factors that contribute to integration, linked to its theme."""

    page = ParentalKey(StrategyPage, on_delete=models.CASCADE, related_name="integration_factors")
    theme = models.ForeignKey(
        "home.Theme", on_delete=models.PROTECT, related_name="+", help_text="The theme this factor is."
    )
    description = models.TextField(help_text="What the factor means, as the document words it.")

    panels = [FieldPanel("theme"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "integration factor"


KEY_PHRASE_SEPARATOR = ";"


class CharterValue(Orderable):
    """A value of a strategy or charter, with the words the document highlights."""

    page = ParentalKey(StrategyPage, on_delete=models.CASCADE, related_name="values")
    text = models.TextField(help_text="The value as the document words it.")
    key_phrase = models.CharField(
        max_length=200,
        help_text="The words to highlight, exactly as in the text. Separate two phrases with a semicolon.",
    )

    panels = [FieldPanel("text"), FieldPanel("key_phrase")]

    class Meta(Orderable.Meta):
        verbose_name = "value"

    def __str__(self):
        return self.key_phrase

    @property
    def key_phrases(self):
        return [phrase.strip() for phrase in self.key_phrase.split(KEY_PHRASE_SEPARATOR) if phrase.strip()]

    def clean(self):
        super().clean()
        missing = [phrase for phrase in self.key_phrases if phrase not in self.text]
        if missing:
            raise ValidationError({"key_phrase": f"Not found in the text: {', '.join(missing)}."})

    def highlighted(self):
        """The text, escaped, with each key phrase (first occurrence, whole words) in <strong>."""
        html = escape(self.text)
        for phrase in self.key_phrases:
            pattern = re.compile(rf"(?<!\w){re.escape(escape(phrase))}(?!\w)")
            html = pattern.sub(lambda match: f"<strong>{match[0]}</strong>", html, count=1)
        return mark_safe(html)  # noqa: S308


# ---------------------------------------------------------------------------
# The action plan page
# ---------------------------------------------------------------------------


# How long the action plan keeps its counts of stories and events per priority (publishing
# forgets them at once); counting every upcoming event cost more than the rest of the page's queries.
COUNT_SECONDS = 60


def counts_by_priority(pages):
    """{priority id: how many of these pages point at it}, in one query."""
    rows = pages.order_by().filter(priority__isnull=False).values("priority").annotate(count=Count("pk"))
    return {row["priority"]: row["count"] for row in rows}


class ActionPlanPage(NotifySubscribersMixin, ReviewDatesMixin, BasePage):
    """The live action plan: every priority with its actions, progress, stories and events."""

    introduction = models.TextField(blank=True, help_text="The opening paragraph, shown larger.")
    charter = models.ForeignKey(
        "guidance.StrategyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
        help_text="The strategy or charter this plan delivers.",
    )
    no_actions_text = models.CharField(
        max_length=255,
        default=(
            "Actions will be published here as the Cohesion & Integration Leadership Group agrees them."
        ),
        help_text=(
            "Shown once, near the top, while no real action has been published; the contacts below "
            "are named with it."
        ),
    )
    leadership_heading = models.CharField(
        max_length=120, default="Who is leading this work", help_text="Heading of the leadership section."
    )
    leadership_text = RichTextField(
        blank=True,
        features=["bold", "link", "ul"],
        help_text="Who leads the plan, e.g. the leadership group, and how it works.",
    )
    key_contacts = StreamField(
        [("contact", ContactCardBlock())], blank=True, help_text="People or teams to contact about the plan."
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("charter"),
        FieldPanel("no_actions_text"),
        MultiFieldPanel(
            [FieldPanel("leadership_heading"), FieldPanel("leadership_text"), FieldPanel("key_contacts")],
            heading="Who is leading this work",
        ),
        ReviewDatesMixin.review_panel,
        *NotifySubscribersMixin.alert_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("leadership_text"),
        index.SearchField("key_contacts"),
        # Every priority and its actions (snippets): guidance/signals.py reindexes on their change.
        index.SearchField("priorities_text"),
    ]

    parent_page_types = ["guidance.StrategyIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "action plan"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def priorities_text(self):
        return priorities_search_text(self.locale_id, with_actions=True)

    def get_priorities(self, stories_per_priority=3, events_per_priority=3):
        """The priorities, each with `.actions.all()`, `.progress_summary`, `.stories` and `.events`.

        Stories and events tagged to a priority come from the stories and events apps when they are
        installed; stories are prefetched, and events read from the occurrence table only as far as
        each priority's next few, so the query count does not grow with the content.
        """
        prefetches = ["themes", "actions"]
        story_counts, event_counts = {}, {}
        if apps.is_installed("stories"):
            StoryPage = apps.get_model("stories", "StoryPage")
            stories = StoryPage.objects.live().public()
            story_counts = until_purged(
                "priority-counts:stories", lambda: counts_by_priority(stories), COUNT_SECONDS
            )
            stories = stories.newest_first() if hasattr(stories, "newest_first") else stories.order_by("-pk")
            prefetches.append(
                Prefetch("story_pages", queryset=stories[:stories_per_priority], to_attr="stories")
            )
        next_events = {}
        if apps.is_installed("events"):
            EventPage = apps.get_model("events", "EventPage")
            events = EventPage.objects.live().public()
            event_counts = until_purged(
                "priority-counts:upcoming-events",
                lambda: counts_by_priority(events.upcoming()),
                COUNT_SECONDS,
            )
            wanted = {pk: min(count, events_per_priority) for pk, count in event_counts.items()}
            chosen = events.next_pks_by("priority", wanted)
            if chosen:
                pages = events.with_listing_date().in_bulk([pk for pks in chosen.values() for pk in pks])
                next_events = {key: [pages[pk] for pk in pks] for key, pks in chosen.items()}
        priorities = list(
            Priority.objects.live().filter(locale_id=self.locale_id).prefetch_related(*prefetches)
        )
        for priority in priorities:
            priority.progress_summary = priority.progress()
            priority.stories = getattr(priority, "stories", [])
            priority.events = next_events.get(priority.pk, [])
            priority.story_count = story_counts.get(priority.pk, 0)
            priority.event_count = event_counts.get(priority.pk, 0)
            priority.example_actions = sum(1 for action in priority.actions.all() if action.is_example)
        return priorities

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        priorities = self.get_priorities()
        update_dates = [
            action.latest_update_on
            for priority in priorities
            for action in priority.actions.all()
            if action.latest_update_on
        ]
        actions = [action for priority in priorities for action in priority.actions.all()]
        context.update(
            priorities=priorities,
            example_actions=sum(1 for action in actions if action.is_example),
            real_actions=sum(1 for action in actions if not action.is_example),
            overall=Progress(
                planned=sum(priority.progress_summary.planned for priority in priorities),
                in_progress=sum(priority.progress_summary.in_progress for priority in priorities),
                done=sum(priority.progress_summary.done for priority in priorities),
            ),
            latest_update_on=max(update_dates, default=None),
            # The editor's review date, unless a partner's progress update is newer.
            last_updated=max([*update_dates, *([self.updated_on] if self.updated_on else [])], default=None),
            charter=self.charter if self.charter and self.charter.live else None,
        )
        return context

    def structured_data(self, request):
        return [
            {
                "@context": "https://schema.org",
                "@type": "WebPage",
                "name": self.title,
                "description": self.meta_description,
                "url": self.full_url,
                "inLanguage": "en-GB",
                "publisher": publisher(request),
                "dateModified": self.updated_on.isoformat() if self.updated_on else None,
            },
            {"@context": "https://schema.org", **breadcrumb_list(self)},
        ]
