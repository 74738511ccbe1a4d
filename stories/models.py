"""Stories: local activities that bring people from different backgrounds together."""

import json
from datetime import date, datetime, time

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import Area, BasePage, ExampleContentMixin, RoutableBasePage, Theme
from home.pagination import paginate
from home.renditions import SOCIAL
from home.social import image_urls
from home.structured_data import publisher

from .forms import CONSENT_FIELD_MESSAGE, CONSENT_FIELDS, CONSENT_RULE, StoryFilterForm, StoryPageForm

STORIES_PER_PAGE = 12
FEED_LENGTH = 20
RELATED_STORIES = 3
# Cards in the first row are usually on screen when the page opens; later ones load as they scroll in.
EAGER_CARDS = 3


class StoryPageQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by("-listing_date", "-first_published_at", "-pk")

    def in_area(self, area):
        return self.filter(areas=area)

    def about_theme(self, theme):
        return self.filter(themes=theme)

    def latest_for(self, home, limit=3):
        """The newest live stories on a site, for its home page."""
        return list(self.descendant_of(home).live().public().newest_first().for_cards()[:limit])

    def for_cards(self):
        """Everything a story card shows, in a fixed number of queries however many cards there are."""
        return self.prefetch_related(
            Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions()),
            "areas",
        )


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryIndexPage(RoutableBasePage):
    """Every story, newest first, as cards; filtered by area and theme, with RSS and Atom feeds."""

    introduction = models.TextField(
        blank=True,
        help_text="One or two sentences above the list: what the stories are and why we share them.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # One list of stories per home page (per language); stories live nowhere else.
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "story index page"

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def stories(self):
        return StoryPage.objects.child_of(self).live().public().newest_first()

    def areas(self):
        return Area.objects.live().for_locale_of(self)

    def themes(self):
        return Theme.objects.live().for_locale_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = StoryFilterForm(request.GET, areas=self.areas(), themes=self.themes())
        area, theme = form.chosen()
        stories = self.stories()
        if area:
            stories = stories.in_area(area)
        if theme:
            stories = stories.about_theme(theme)

        page_of_stories = paginate(request, stories.for_cards(), STORIES_PER_PAGE)
        paginator = page_of_stories.paginator

        filters = {key: value.slug for key, value in (("area", area), ("theme", theme)) if value}
        context.update(
            form=form,
            area=area,
            theme=theme,
            stories=page_of_stories,
            paginator=paginator,
            filters_applied=bool(filters),
            result_summary=result_summary(paginator.count, area, theme),
            feeds=self.feeds_for(area, theme),
            eager_cards=EAGER_CARDS,
        )
        return context

    def feeds_for(self, area=None, theme=None):
        """[(title, RSS url, Atom url)]: every story's feed, then the chosen area's and theme's."""
        feeds = [
            ("All stories", self.url + self.reverse_subpage("rss"), self.url + self.reverse_subpage("atom"))
        ]
        for kind, term in (("area", area), ("theme", theme)):
            if term:
                feeds.append(
                    (
                        f"Stories from {term.name}" if kind == "area" else f"Stories about {term.name}",
                        self.url + self.reverse_subpage(f"{kind}_rss", kwargs={"slug": term.slug}),
                        self.url + self.reverse_subpage(f"{kind}_atom", kwargs={"slug": term.slug}),
                    )
                )
        return feeds

    def filtered_url(self, area=None, theme=None):
        query = {key: value.slug for key, value in (("area", area), ("theme", theme)) if value}
        return self.url + (f"?{urlencode(query)}" if query else "")

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return self._feed(request, "rss")

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return self._feed(request, "atom")

    @path("areas/<slug:slug>/feed/", name="area_rss")
    def area_rss_feed(self, request, slug):
        return self._feed(request, "area_rss", area=self._term(self.areas(), slug))

    @path("areas/<slug:slug>/feed/atom/", name="area_atom")
    def area_atom_feed(self, request, slug):
        return self._feed(request, "area_atom", area=self._term(self.areas(), slug))

    @path("themes/<slug:slug>/feed/", name="theme_rss")
    def theme_rss_feed(self, request, slug):
        return self._feed(request, "theme_rss", theme=self._term(self.themes(), slug))

    @path("themes/<slug:slug>/feed/atom/", name="theme_atom")
    def theme_atom_feed(self, request, slug):
        return self._feed(request, "theme_atom", theme=self._term(self.themes(), slug))

    def _term(self, queryset, slug):
        term = queryset.filter(slug=slug).first()
        if term is None:
            raise Http404("No such area or theme.")
        return term

    def _feed(self, request, route_name, area=None, theme=None):
        from .feeds import AtomStoryFeed, StoryFeed

        feed_class = AtomStoryFeed if route_name.endswith("atom") else StoryFeed
        term = area or theme
        feed_url = self.get_full_url(request) + self.reverse_subpage(
            route_name, kwargs={"slug": term.slug} if term else None
        )
        # Cache headers come from RoutableBasePage.serve, as for the pages the feeds summarise.
        return feed_class()(request, index_page=self, feed_url=feed_url, area=area, theme=theme)


def result_summary(count, area, theme):
    noun = "story" if count == 1 else "stories"
    text = f"{count} {noun}"
    if area:
        text += f" from {area.name}"
    if theme:
        text += f" on the theme {theme.name}"
    return text


class StoryRelatedLink(Orderable):
    """A story an editor chose to show under another one."""

    page = ParentalKey("stories.StoryPage", on_delete=models.CASCADE, related_name="related_links")
    story = models.ForeignKey(
        "stories.StoryPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A story readers of this one may also like.",
    )

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = "related story"


class StoryPage(ExampleContentMixin, BasePage):
    """One story: what happened, where, who made it happen and how readers can get involved.

    It cannot be published without a consent record from the people named or pictured.
    """

    # Made on publish (home.renditions), in the order the templates write them: the page's
    # picture (its 1280 JPEG also in the JSON-LD), the card in listings, the Open Graph image.
    image_renditions = {
        "hero_image": tuple(Filter.expand_spec(["format-{webp,jpeg}", "fill-{640x360,960x540,1280x720}"]))
        + tuple(Filter.expand_spec(["format-{webp,jpeg}", "fill-{400x225,800x450}"]))
        + SOCIAL,
    }

    listing_date = models.DateField(
        "story date",
        default=date.today,
        help_text="When it happened or was first reported. Stories are listed newest first by this date.",
    )
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown under the title, on cards, in feeds and in search results.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The main photo, shown at the top and on cards. Landscape, at least 1280 pixels wide.",
    )
    hero_alt_text = models.CharField(
        "alternative text",
        max_length=250,
        blank=True,
        help_text="Describe the photo for people who cannot see it. Required when there is a photo.",
    )
    hero_caption = models.CharField(
        "caption", max_length=250, blank=True, help_text="Optional: what the photo shows, in a sentence."
    )
    hero_credit = models.CharField(
        "credit",
        max_length=120,
        blank=True,
        help_text="Who took the photo, e.g. 'Photo: Long Eaton Lunch Club'.",
    )
    body = StreamField(
        BaseStreamBlock(),
        help_text="The story. Use quotes (with who said them) to let the people involved speak.",
    )
    areas = ParentalManyToManyField(
        "home.Area", blank=True, related_name="story_pages", help_text="Where it happened."
    )
    themes = ParentalManyToManyField(
        "home.Theme", blank=True, related_name="story_pages", help_text="The integration factors it shows."
    )
    priority = models.ForeignKey(
        "guidance.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story_pages",
        help_text="The action plan priority it shows progress on; the action plan page lists it there.",
    )
    organisation_name = models.CharField(
        "organisation or group",
        max_length=200,
        blank=True,
        help_text="The group, charity, school or partner that made it happen.",
    )
    organisation_url = models.URLField(
        "organisation's website", blank=True, help_text="Optional: the group's own website or page."
    )
    get_involved_text = models.TextField(
        "how to get involved",
        blank=True,
        help_text="What readers can do, e.g. 'The club welcomes new volunteers on Tuesday mornings.'",
    )
    get_involved_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page on this site to send readers to, e.g. an event. Or give a web address below.",
    )
    get_involved_url = models.URLField(
        "web address", blank=True, help_text="A page elsewhere to send readers to."
    )
    get_involved_link_text = models.CharField(
        "link text",
        max_length=100,
        blank=True,
        help_text="Says where the link goes, e.g. 'Volunteer with the lunch club'.",
    )
    get_involved_email = models.EmailField(
        "contact email", blank=True, help_text="An address readers can write to."
    )
    get_involved_phone = models.CharField(
        "contact phone", max_length=40, blank=True, help_text="A number readers can call, as it is dialled."
    )

    # Editor-only: never shown on the site, in feeds or in search.
    consent_people = models.TextField(
        "who agreed",
        blank=True,
        help_text="Everyone named or pictured who agreed (or the parent or carer who agreed for a child).",
    )
    consent_date = models.DateField("date agreed", null=True, blank=True, help_text="When they agreed.")
    consent_method = models.CharField(
        "how they agreed",
        max_length=20,
        blank=True,
        choices=[
            ("form", "Signed consent form"),
            ("email", "In writing, by email or letter"),
            ("verbal", "Out loud, noted by the editor at the time"),
            ("organisation", "The group confirmed it has its members' consent"),
            ("none-identifiable", "Nobody can be identified from the story or photos"),
        ],
        help_text="How consent was given.",
    )
    consent_limits = models.TextField(
        "limits",
        blank=True,
        help_text="Anything they asked for, e.g. 'No surnames', 'Do not show faces', 'Remove after a year'.",
    )
    consent_reference = models.CharField(
        "where the record is kept",
        max_length=250,
        blank=True,
        help_text="Where the signed form or email is filed, so it can be found if consent is withdrawn.",
    )

    objects = StoryPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("listing_date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt_text"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading="Photo",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("areas"), FieldPanel("themes"), FieldPanel("priority")],
            heading="Where and what",
        ),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("organisation_url")],
            heading="Who made it happen",
        ),
        MultiFieldPanel(
            [
                FieldPanel("get_involved_text"),
                FieldPanel("get_involved_page"),
                FieldPanel("get_involved_url"),
                FieldPanel("get_involved_link_text"),
                FieldRowPanel([FieldPanel("get_involved_email"), FieldPanel("get_involved_phone")]),
            ],
            heading="Get involved",
        ),
        InlinePanel(
            "related_links",
            heading="Related stories",
            label="Related story",
            help_text="Optional. Without these, stories from the same area or theme are shown.",
            max_num=RELATED_STORIES,
        ),
    ]
    consent_panels = [
        HelpPanel(
            content=(
                "<p><strong>A story cannot be published without a consent record.</strong> Everyone named "
                "or pictured must have agreed to appear, and you must be able to show when and how. "
                "This tab is for editors only: it never appears on the site.</p>"
            )
        ),
        FieldPanel("consent_people"),
        FieldRowPanel([FieldPanel("consent_date"), FieldPanel("consent_method")]),
        FieldPanel("consent_limits"),
        FieldPanel("consent_reference"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(consent_panels, heading="Consent"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = StoryPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organisation_name"),
        index.FilterField("listing_date"),
        index.RelatedFields("areas", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        # Newest first reads this index and stops at a page of stories.
        indexes = [models.Index(fields=["listing_date"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image_id and not self.hero_alt_text.strip():
            errors["hero_alt_text"] = "Describe the photo for people who cannot see it."
        if self.get_involved_page_id and self.get_involved_url:
            errors["get_involved_url"] = "Choose a page on this site or give a web address, not both."
        if self.get_involved_text.strip() and not self.has_get_involved_route:
            errors["get_involved_text"] = (
                "Give readers a way in: a page, a web address, an email or a phone number."
            )
        # The last line of defence: whatever publishes the page (editor, schedule, workflow), a live story
        # has a consent record. The admin form says so earlier and more kindly.
        if self.live and not self.has_consent_record:
            errors[NON_FIELD_ERRORS] = CONSENT_RULE
            errors.update(dict.fromkeys(self.missing_consent_fields, CONSENT_FIELD_MESSAGE))
        if errors:
            raise ValidationError(errors)

    @property
    def missing_consent_fields(self):
        return [name for name in CONSENT_FIELDS if not str(getattr(self, name) or "").strip()]

    @property
    def has_consent_record(self):
        return not self.missing_consent_fields

    @property
    def has_get_involved_route(self):
        return bool(
            self.get_involved_page_id
            or self.get_involved_url
            or self.get_involved_email
            or self.get_involved_phone
        )

    @property
    def meta_description(self):
        return self.search_description or self.summary

    @property
    def hero_caption_text(self):
        """Caption and credit as one line under the photo."""
        return " ".join(part for part in (self.hero_caption.strip(), self.hero_credit.strip()) if part)

    @property
    def get_involved_link(self):
        """(url, text) of the call to action's link, or None."""
        page = self.get_involved_page
        if page is not None and page.live:
            return page.url, self.get_involved_link_text or page.title
        if self.get_involved_url:
            return self.get_involved_url, self.get_involved_link_text or "Find out how to get involved"
        return None

    @property
    def get_involved_tel(self):
        return "".join(ch for ch in self.get_involved_phone if ch.isdigit() or ch == "+")

    @property
    def published_datetime(self):
        """The story date as a moment, for feeds and structured data."""
        return timezone.make_aware(datetime.combine(self.listing_date, time(9)))

    @cached_property
    def area_list(self):
        return list(self.areas.all())

    @cached_property
    def theme_list(self):
        return list(self.themes.all())

    @property
    def open_graph_image(self):
        return self.social_image or self.hero_image

    def related_stories(self, limit=RELATED_STORIES):
        """The editor's choices first, then the newest stories sharing an area or theme."""
        chosen_ids = [link.story_id for link in self.related_links.all()]
        shared = models.Q(areas__in=self.area_list) | models.Q(themes__in=self.theme_list)
        # One query for both: the chosen first, then the newest of the rest.
        chosen_first = models.Case(models.When(pk__in=chosen_ids, then=0), default=1)
        stories = list(
            StoryPage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(models.Q(pk__in=chosen_ids) | shared)
            .distinct()
            .annotate(chosen_first=chosen_first)
            .order_by("chosen_first", "-listing_date", "-first_published_at", "-pk")
            .for_cards()[:limit]
        )
        stories.sort(
            key=lambda story: chosen_ids.index(story.pk) if story.pk in chosen_ids else len(chosen_ids)
        )
        return stories

    def structured_data(self, request=None):
        """Article JSON-LD, escaped to sit inside a script element."""
        organisation = publisher(request)
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "datePublished": self.published_datetime,
            "dateModified": self.last_published_at or self.published_datetime,
            "url": self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            "isPartOf": {"@type": "WebSite", "name": "Bringing People Together"},
            "publisher": organisation,
            "author": organisation,
        }
        # The largest JPEG the page itself shows, so no extra rendition is made; else the site's image.
        data["image"] = image_urls(request, self.hero_image, spec="format-jpeg|fill-1280x720")
        if self.area_list:
            data["contentLocation"] = [{"@type": "Place", "name": area.name} for area in self.area_list]
        if self.theme_list:
            data["keywords"] = [theme.name for theme in self.theme_list]
        if self.organisation_name:
            data["mentions"] = {"@type": "Organization", "name": self.organisation_name}
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        # A '</script>' inside a value must not end the element early.
        return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308

    def priority_url(self):
        """The priority on the action plan page, when there is a live one."""
        if self.priority is None:
            return None
        try:
            action_plan_model = apps.get_model("guidance", "ActionPlanPage")
        except LookupError:
            return None
        plan = action_plan_model.objects.live().filter(locale_id=self.locale_id).first()
        if plan is None:
            return None
        anchor = getattr(self.priority, "anchor", "")
        return plan.url + (f"#{anchor}" if anchor else "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The parent in one query, as a story index when it is one (stories may live elsewhere).
        parent_path = self.path[: -self.steplen]
        index_page = StoryIndexPage.objects.filter(path=parent_path).first()
        is_listed = index_page is not None
        context.update(
            index_page=index_page if is_listed else None,
            feeds=index_page.feeds_for() if is_listed else [],
            area_links=[
                {"name": area.name, "url": index_page.filtered_url(area=area) if is_listed else ""}
                for area in self.area_list
            ],
            theme_links=[
                {"name": theme.name, "url": index_page.filtered_url(theme=theme) if is_listed else ""}
                for theme in self.theme_list
            ],
            priority_url=self.priority_url(),
            related_stories=self.related_stories(),
            structured_data=self.structured_data(request),
        )
        return context
