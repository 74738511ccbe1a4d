"""The sitemap: one file while the site is small, an index of one sitemap per section (each
top-level page and what is under it) once it passes SITEMAP_SPLIT addresses, as search
engines ask. Pages are read as plain rows, not their specific types, so 12,500 pages cost a
handful of queries; every response is public, so the page cache keeps it until a publish.
Translations are listed in their English page's section, each address with xhtml:link
alternates naming every language version (and x-default, the English one)."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import Http404

from wagtail import hooks
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.languages import language
from home.models import cache_policy

# Search engines take up to 50,000 addresses a file; smaller files are quicker to make and read.
SITEMAP_SPLIT = 10_000
HOME_SECTION = "home"
# Sections name pages that are live but not worth listing (an archived event, say): each hook
# returns a queryset of page ids to leave out. The sitemap reads plain pages, so a specific
# page type's own get_sitemap_urls is never asked.
SITEMAP_EXCLUSIONS_HOOK = "sitemap_exclusions"
FIELDS = (
    "id",
    "slug",
    "path",
    "depth",
    "url_path",
    "last_published_at",
    "latest_revision_created_at",
    "locale_id",
    "translation_key",
)


class SectionSitemap(Sitemap):
    """The live, public pages under one top-level page (or the home page alone)."""

    limit = SITEMAP_SPLIT

    def __init__(self, request, root, inclusive=True, descendants=True):
        super().__init__(request)
        self.root, self.inclusive, self.descendants = root, inclusive, descendants

    def items(self):
        pages = Page.objects.filter(pk=self.root.pk)
        if self.descendants:
            pages = self.root.get_descendants(inclusive=self.inclusive)
        # The section's pages and their translations in every language.
        pages = Page.objects.filter(translation_key__in=pages.values("translation_key")).live().public()
        for excluded_ids in hooks.get_hooks(SITEMAP_EXCLUSIONS_HOOK):
            pages = pages.exclude(pk__in=excluded_ids())
        return pages.order_by("path").only(*FIELDS).select_related("locale")

    def _urls(self, page, protocol, domain):
        """As Wagtail's, plus each address's other language versions as alternates: they are in the
        same section (so the same file), read from the items already fetched."""
        urls, versions = [], {}
        for item in self.paginator.page(page).object_list:
            for url in item.get_sitemap_urls(self.request):
                urls.append((item.translation_key, url))
                versions.setdefault(item.translation_key, []).append(
                    (url["location"], item.locale.language_code)
                )
        for key, url in urls:
            same = versions[key]
            if len(same) > 1:
                url["alternates"] = [
                    {"location": location, "lang_code": language(code).tag} for location, code in same
                ] + [
                    {"location": location, "lang_code": "x-default"}
                    for location, code in same
                    if code == settings.LANGUAGE_CODE
                ]
        last_mods = {url.get("lastmod") for _key, url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return [url for _key, url in urls]

    def get_latest_lastmod(self):
        return self.items().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]


def sections(request):
    site = Sitemap(request).get_wagtail_site()
    root = site.root_page
    maps = {HOME_SECTION: SectionSitemap(request, root, descendants=False)}
    for child in root.get_children().live().public().order_by("path").only(*FIELDS):
        maps[child.slug] = SectionSitemap(request, child)
    return maps


def public(response):
    """The sitemap is the same for everyone: the site's one cache rule, anonymous branch."""
    return cache_policy(response)


def sitemap(request):
    """/sitemap.xml: every address, or the index of sections once there are too many for one file."""
    maps = sections(request)
    if (
        maps[HOME_SECTION].items().count() + sum(site.items().count() for site in list(maps.values())[1:])
        <= SITEMAP_SPLIT
    ):
        return public(sitemap_views.sitemap(request, maps).render())
    return public(sitemap_views.index(request, maps, sitemap_url_name="sitemap_section").render())


def section_sitemap(request, section):
    maps = sections(request)
    if section not in maps:
        raise Http404("No such section.")
    return public(sitemap_views.sitemap(request, maps, section=section).render())
