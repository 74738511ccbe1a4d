"""Site-wide models: the home page, standard pages, taxonomies and site settings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .blocks import BaseStreamBlock
from .teasers import teasers_for

# ---------------------------------------------------------------------------
# Taxonomies: guidance, stories and events point at these rather than free text.
# Translatable now so community-language versions need no data migration later.
# ---------------------------------------------------------------------------


class ModeratedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A snippet that goes through the "Moderators approval" workflow like a page: drafts,
    revisions and locking. Public lists show only live ones (`.live()` on its queryset)."""

    # Wagtail's recommended reverse relations: revisions and workflow states go with the snippet.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions


class LiveQuerySet(models.QuerySet):
    def live(self):
        """Published: never-published drafts (and unpublished snippets) stay out of public lists."""
        return self.filter(live=True)


class TaxonomyQuerySet(LiveQuerySet):
    def for_locale_of(self, page):
        return self.filter(locale_id=page.locale_id)


class BaseTaxonomy(ModeratedSnippet, TranslatableMixin, index.Indexed):
    name = models.CharField(max_length=100, help_text="The name readers see.")
    slug = models.SlugField(
        max_length=100, help_text="Used in web addresses, e.g. filters. Lower case and hyphens."
    )
    description = models.TextField(blank=True, help_text="One or two sentences shown with filters.")
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in lists and filters."
    )

    objects = TaxonomyQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Area(BaseTaxonomy):
    """A district of Derbyshire, or Derby City."""

    class Meta(BaseTaxonomy.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Theme(BaseTaxonomy):
    """One of the charter's five integration factors."""

    class Meta(BaseTaxonomy.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Audience(BaseTaxonomy):
    """A group of readers guidance is written for."""

    class Meta(BaseTaxonomy.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


# ---------------------------------------------------------------------------
# Site settings
# ---------------------------------------------------------------------------


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=40, help_text="e.g. Facebook, X, YouTube.")
    url = blocks.URLBlock(help_text="Full address of the account.")


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Contact details, the report line and the site-wide notice, edited in Settings."""

    organisation_name = models.CharField(
        max_length=120, default="Derbyshire County Council", help_text="Who runs the hub."
    )
    organisation_url = models.URLField(
        blank=True, help_text="The organisation's own website, linked from the footer."
    )
    contact_team = models.CharField(
        max_length=120, blank=True, help_text="Team that answers enquiries, e.g. Policy and Research."
    )
    contact_phone = models.CharField(max_length=40, blank=True, help_text="Main contact number.")
    contact_email = models.EmailField(blank=True, help_text="Main contact email address.")
    contact_web_address = models.URLField(blank=True, help_text="Web page with more information.")

    report_line_name = models.CharField(
        max_length=80, blank=True, help_text="Name of the line for reporting concerns, e.g. Keystone."
    )
    report_line_number = models.CharField(
        max_length=40, blank=True, help_text="Phone number for reporting concerns."
    )
    report_line_text = models.TextField(
        blank=True, help_text="One or two sentences on what to report and why."
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, help_text="Accounts linked from the footer."
    )

    notice_enabled = models.BooleanField(default=False, help_text="Show the notice at the top of every page.")
    notice_title = models.CharField(
        max_length=80, blank=True, default="Important", help_text="Short label, e.g. 'Important'."
    )
    notice_text = RichTextField(
        blank=True, features=["bold", "link"], help_text="The notice itself. Keep it short."
    )

    about_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="About the hub, linked from the footer.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Accessibility statement, linked from the footer.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Privacy notice, linked from the footer and forms.",
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Cookies page, linked from the footer.",
    )

    contact_panels = [
        FieldPanel("organisation_name"),
        FieldPanel("organisation_url"),
        FieldPanel("contact_team"),
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldPanel("contact_web_address"),
        MultiFieldPanel(
            [
                FieldPanel("report_line_name"),
                FieldPanel("report_line_number"),
                FieldPanel("report_line_text"),
            ],
            heading="Report line",
        ),
        FieldPanel("social_links"),
    ]
    notice_panels = [
        HelpPanel(content="A notice appears above every page while it is switched on."),
        FieldPanel("notice_enabled"),
        FieldPanel("notice_title"),
        FieldPanel("notice_text"),
    ]
    footer_panels = [
        FieldPanel("about_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
        FieldPanel("cookies_page"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(contact_panels, heading="Contact"),
            ObjectList(notice_panels, heading="Site notice"),
            ObjectList(footer_panels, heading="Footer links"),
        ]
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    @property
    def report_line_tel(self):
        return "".join(ch for ch in self.report_line_number if ch.isdigit() or ch == "+")

    @property
    def contact_tel(self):
        return "".join(ch for ch in self.contact_phone if ch.isdigit() or ch == "+")


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def cache_policy(response, request=None, *, varies_per_visitor=False):
    """The site's one rule for cache headers, on pages, routes, feeds and forms alike.

    What is the same for every anonymous visitor is `public, max-age=...`, so shared caches (and
    the server-side page cache, which keeps only public responses) may keep it. A form (CSRF
    token), a preview or anything a signed-in editor sees is `private, no-store`."""
    if (
        varies_per_visitor
        or getattr(request, "is_preview", False)
        or (request is not None and request.user.is_authenticated)
    ):
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


class BasePage(Page):
    """Fields and behaviour every public page shares: a social image and cache headers.

    Pages are the same for every anonymous visitor, so shared caches may keep them
    whole. A page type that shows a form (with a CSRF token) sets
    `varies_per_visitor = True` and is never cached.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media; 1200 x 630 pixels works best.",
    )

    varies_per_visitor = False
    # "Is this page useful?" under the content (the feedback app); a page type may opt out.
    show_page_feedback = True

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return cache_policy(response, request, varies_per_visitor=self.varies_per_visitor)

    @property
    def meta_description(self):
        """The search description, or the page's own summary when editors left it empty."""
        return self.search_description or getattr(self, "introduction", "") or ""

    @cached_property
    def breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumb trail (empty on the home page).

        Plain pages, not their specific types: a title and an address need one query, not one per type."""
        return list(self.get_ancestors().filter(depth__gt=1).live())


class ReviewDatesMixin(models.Model):
    """For pages editors must keep current: a public 'last updated' date that is the editor's own
    review date (not whenever the page was last saved), and a private 'next review due' date that
    the dashboard panel and `manage.py review_reminders` watch."""

    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "Shown publicly as 'Last updated': the day an editor last checked this page was right. "
            "If empty, the last publish date."
        ),
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "For editors only, never shown publicly: when this page should next be checked. "
            "The page's owner is emailed from 14 days before."
        ),
    )

    review_panel = MultiFieldPanel(
        [FieldPanel("last_reviewed"), FieldPanel("next_review_due")], heading="Review"
    )

    class Meta:
        abstract = True

    @property
    def updated_on(self):
        """The public 'last updated' date: the review date, else the last publish date."""
        if self.last_reviewed:
            return self.last_reviewed
        moment = self.last_published_at or self.latest_revision_created_at
        return timezone.localdate(moment) if moment else None


def review_page_models():
    """Every page type with review dates."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, ReviewDatesMixin)]


class RoutableBasePage(RoutablePageMixin, BasePage):
    """A BasePage with extra routes (feeds, calendars, archives); every route's response gets
    the same cache headers as the page itself."""

    class Meta:
        abstract = True

    def serve(self, request, view=None, args=None, kwargs=None):
        # RoutablePageMixin.serve calls the route directly, skipping BasePage.serve.
        response = RoutablePageMixin.serve(self, request, view, args, kwargs)
        return cache_policy(response, request, varies_per_visitor=self.varies_per_visitor)

    def route_url(self, request, name, *args, full=False, **kwargs):
        """The address of one of this page's routes, e.g. route_url(request, "feed")."""
        base = self.get_full_url(request) if full else self.get_url(request)
        return base + self.reverse_subpage(name, args=args or None, kwargs=kwargs or None)


class ExampleContentMixin(models.Model):
    """For demonstration content (example events and stories) that ships with the hub.

    Examples are labelled in the admin and on the page, and `manage.py
    remove_example_content` deletes them all, so nothing invented passes for real.
    """

    is_example = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by the seed content for demonstration pages; removed by remove_example_content.",
    )

    class Meta:
        abstract = True

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return f"[Example] {title}" if self.is_example else title

    @property
    def labelled_title(self):
        """The title, saying "Example:" for an example, where no page label can (feeds, calendars)."""
        if self.is_example and not self.title.lower().startswith("example"):
            return f"Example: {self.title}"
        return self.title


class HomePage(BasePage):
    """The hub's front page. Every section is editable; an empty section is not shown."""

    hero_heading = models.CharField(
        max_length=120,
        default="Working together for the common good",
        help_text="The vision, shown as the page's main heading.",
    )
    hero_text = models.TextField(
        blank=True, help_text="One or two sentences under the heading: what the hub is for."
    )
    cohesion_heading = models.CharField(
        max_length=120,
        blank=True,
        default="What is community cohesion?",
        help_text="Heading of the short explanation of community cohesion.",
    )
    cohesion_text = RichTextField(
        blank=True,
        features=["bold", "link", "ul"],
        help_text="A short explanation of community cohesion, in plain English.",
    )
    entry_points = StreamField(
        [
            (
                "entry_point",
                blocks.StructBlock(
                    [
                        ("page", blocks.PageChooserBlock(help_text="The section's landing page.")),
                        ("title", blocks.CharBlock(required=False, help_text="Defaults to the page title.")),
                        ("description", blocks.TextBlock(help_text="One sentence: what readers find there.")),
                    ],
                    icon="link",
                ),
            )
        ],
        blank=True,
        help_text="Links to each section of the hub, shown as cards.",
    )
    featured_pages = StreamField(
        [("page", blocks.PageChooserBlock(help_text="A page to feature, e.g. a guidance note."))],
        blank=True,
        help_text="Guidance and other pages to feature on the home page.",
    )
    help_heading = models.CharField(
        max_length=120, blank=True, default="How you can help", help_text="Heading of the help section."
    )
    help_intro = models.TextField(blank=True, help_text="A sentence introducing the list of actions.")
    help_actions = StreamField(
        [("action", blocks.RichTextBlock(features=["bold", "link"], help_text="One action."))],
        blank=True,
        help_text="Things anyone can do to bring people together.",
    )
    help_link = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional page with more ways to help.",
    )
    report_heading = models.CharField(
        max_length=120, blank=True, default="Report a concern", help_text="Heading of the report panel."
    )
    report_text = RichTextField(
        blank=True,
        features=["bold", "link"],
        help_text="What to report. The report line's number comes from Settings.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text")],
            heading="Hero",
        ),
        MultiFieldPanel(
            [FieldPanel("cohesion_heading"), FieldPanel("cohesion_text")],
            heading="What is community cohesion",
        ),
        FieldPanel("entry_points"),
        FieldPanel("featured_pages"),
        MultiFieldPanel(
            [
                FieldPanel("help_heading"),
                FieldPanel("help_intro"),
                FieldPanel("help_actions"),
                FieldPanel("help_link"),
            ],
            heading="How you can help",
        ),
        MultiFieldPanel(
            [FieldPanel("report_heading"), FieldPanel("report_text")], heading="Report a concern"
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("cohesion_text"),
        index.SearchField("report_heading"),
        index.SearchField("report_text"),
    ]

    # The site root: only one home page, directly under Wagtail's root.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "guidance.GuidanceIndexPage",
        "guidance.StrategyIndexPage",
        "stories.StoryIndexPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = "home page"

    @property
    def meta_description(self):
        return self.search_description or self.hero_text

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            page.specific for page in (block.value for block in self.featured_pages) if page and page.live
        ]
        context["teasers"] = teasers_for(self, request)
        return context

    def route(self, request, path_components):
        """A page with no live translation in this home page's language is found in the English
        tree instead, so /pl/events/ shows the English events page inside the Polish interface
        (home.languages; the template notes it and marks the content as English)."""
        try:
            return super().route(request, path_components)
        except Http404:
            if self.locale_id == Locale.get_default().pk:
                raise
            source = self.get_translation_or_none(Locale.get_default())
            if source is None:
                raise
            return source.specific.route(request, path_components)


class StandardPage(BasePage):
    """A page of text: About, the accessibility statement, the privacy notice and so on."""

    introduction = models.TextField(blank=True, help_text="The opening paragraph, shown larger.")
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The main content of the page.")

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class ScheduledJobQuerySet(models.QuerySet):
    def claim(self, name, now, interval, lease):
        """Take the job if it is due and nobody holds it: one conditional UPDATE, so of several
        app servers exactly one wins, on SQLite and PostgreSQL alike."""
        self.get_or_create(name=name, defaults={"next_run_at": now})
        due = models.Q(next_run_at__lte=now) & (
            models.Q(locked_until__isnull=True) | models.Q(locked_until__lt=now)
        )
        return bool(
            self.filter(due, name=name).update(
                next_run_at=now + interval, locked_until=now + lease, last_started_at=now
            )
        )


class ScheduledJob(models.Model):
    """When each job in home.scheduler last ran and next falls due; not edited by hand."""

    name = models.CharField(max_length=100, unique=True, help_text="The job's name in home.scheduler.")
    next_run_at = models.DateTimeField(help_text="The job runs at the first check after this time.")
    locked_until = models.DateTimeField(
        null=True, blank=True, help_text="Set while a runner holds the job; a crashed runner's hold expires."
    )
    last_started_at = models.DateTimeField(null=True, blank=True, help_text="When the last run began.")
    last_finished_at = models.DateTimeField(null=True, blank=True, help_text="When the last run ended.")
    last_error = models.TextField(blank=True, help_text="The last run's error, empty when it succeeded.")

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        verbose_name = "scheduled job"

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------
# Outgoing mail ledger: lets a task that is run again (after its worker died) know
# whether its email already went, so nothing is sent twice. See home.taskqueue.
# ---------------------------------------------------------------------------


class SentEmail(models.Model):
    """One email the hub means to send exactly once, identified by a key such as
    'events.submission:12:acknowledgement'."""

    key = models.CharField(max_length=200, unique=True, help_text="What this email is, unique.")
    message_id = models.CharField(
        max_length=255,
        help_text="The Message-ID header, kept so a resent copy is recognisably the same message.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When sending was first tried.")
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server accepted it; empty until then."
    )

    class Meta:
        verbose_name = "sent email"

    def __str__(self):
        return self.key
