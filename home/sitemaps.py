"""The sitemap: one file while the site is small, an index of one sitemap per section (each
top-level page and what is under it) once it passes SITEMAP_SPLIT addresses, as search engines
ask. Translations are listed in their English page's section, each address with xhtml:link
alternates naming every language version (and x-default, the English one).

Sitemaps are read as rows, not page objects, and written without the template engine: at 10,000
addresses a file, page objects and Django's sitemap template took two seconds. Each address is
its tree root's address from Wagtail (the home page in that language) plus the rest of its
url_path, which a test holds to Wagtail's own URL for every page. The index counts every section
in one grouped query. Every response is public, so the page cache keeps it until a publish.
"""

from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Case, CharField, Count, F, Max, OuterRef, Subquery, When
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import Http404, HttpResponse
from django.urls import reverse

from wagtail import hooks
from wagtail.models import Page, Site

from home.languages import language
from home.models import cache_policy

# Search engines take up to 50,000 addresses a file; smaller files are quicker to make and read.
SITEMAP_SPLIT = 10_000
MAX_SITEMAP_PAGES = 1_000
HOME_SECTION = "home"
# Sections name pages that are live but not worth listing (an archived event, say): each hook
# returns a queryset of page ids to leave out.
SITEMAP_EXCLUSIONS_HOOK = "sitemap_exclusions"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
SITEMAPINDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def listed_pages():
    """Live, public pages, less those a sitemap exclusions hook leaves out."""
    pages = Page.objects.live().public()
    for excluded_ids in hooks.get_hooks(SITEMAP_EXCLUSIONS_HOOK):
        pages = pages.exclude(pk__in=excluded_ids())
    return pages


def last_changed():
    return Coalesce("last_published_at", "latest_revision_created_at")


class Section:
    """The listed pages under one top-level page (or the home page alone) and their translations."""

    def __init__(self, slug, root, descendants=True):
        self.slug, self.root, self.descendants = slug, root, descendants

    def pages(self):
        english = (
            self.root.get_descendants(inclusive=True)
            if self.descendants
            else Page.objects.filter(pk=self.root.pk)
        )
        return listed_pages().filter(translation_key__in=english.values("translation_key"))

    def rows(self):
        """(url_path, translation_key, language code, last change) of each page, in tree order.
        The key and the time come as text (the time in UTC, as stored): converting 10,000 UUIDs and
        datetimes took longer than the query."""
        return (
            self.pages()
            .order_by("path")
            .values_list(
                "url_path",
                Cast("translation_key", CharField()),
                "locale__language_code",
                Cast(last_changed(), CharField()),
            )
        )


def site_sections(request):
    """(site, [Section]): the home page's section first, then one per live top-level page."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site.")
    root = site.root_page
    children = root.get_children().live().public().order_by("path").only("id", "slug", "path", "depth")
    return site, [
        Section(HOME_SECTION, root, descendants=False),
        *(Section(child.slug, child) for child in children),
    ]


def section_figures(site, sections):
    """{slug: (addresses, last change)} for every section in one grouped query. A page counts in
    the section of its version in the home page's language: a translation's own tree has none."""
    root = site.root_page
    home_language_path = Case(
        When(locale_id=root.locale_id, then=F("path")),
        default=Subquery(
            Page.objects.filter(translation_key=OuterRef("translation_key"), locale_id=root.locale_id).values(
                "path"
            )[:1]
        ),
    )
    # The first depth+1 steps of a path name its top-level page; the home page's own path is shorter.
    rows = (
        listed_pages()
        .annotate(section_path=Substr(home_language_path, 1, (root.depth + 1) * Page.steplen))
        .values("section_path")
        .annotate(addresses=Count("pk"), latest=Max(last_changed()))
        .order_by()
    )
    by_path = {row["section_path"]: (row["addresses"], row["latest"]) for row in rows}
    return {section.slug: by_path.get(section.root.path, (0, None)) for section in sections}


class Addresses:
    """Full addresses from url_paths, with no page objects: each tree root's (the home page in
    each language) from Wagtail, then the rest of the url_path."""

    def __init__(self, request, site):
        roots = [srp.root_path for srp in Site.get_site_root_paths() if srp.site_id == site.pk]
        pages = Page.objects.filter(url_path__in=roots).only("id", "url_path", "locale_id", "path", "depth")
        found = {page.url_path: page.get_full_url(request) for page in pages}
        # Longest first, so a root inside another is matched before it.
        self.roots = sorted(
            ((path, str(url)) for path, url in found.items() if url), key=lambda item: -len(item[0])
        )

    def __call__(self, url_path):
        for root_path, root_url in self.roots:
            if url_path.startswith(root_path):
                return root_url + url_path[len(root_path) :]
        return None


def urlset(rows, addresses):
    """<url> elements for rows, each with its other language versions in the same rows as alternates."""
    entries, versions = [], {}
    for url_path, translation_key, language_code, changed in rows:
        location = addresses(url_path)
        if location is None:
            continue
        entries.append((location, translation_key, changed))
        versions.setdefault(translation_key, []).append((location, language_code))
    parts = []
    for location, translation_key, changed in entries:
        parts.append(f"<url><loc>{escape(location)}</loc>")
        if changed:
            parts.append(f"<lastmod>{changed[:10]}</lastmod>")
        same = versions[translation_key]
        if len(same) > 1:
            alternates = [(url, language(code).tag) for url, code in same]
            alternates += [(url, "x-default") for url, code in same if code == settings.LANGUAGE_CODE]
            parts.extend(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(url)}/>'
                for url, tag in alternates
            )
        parts.append("</url>")
    return "".join(parts)


def xml_response(body):
    """The sitemap is the same for everyone: the site's one cache rule, anonymous branch."""
    response = HttpResponse(XML_DECLARATION + body, content_type="application/xml")
    return cache_policy(response)


@x_robots_tag
def sitemap(request):
    """/sitemap.xml: every address, or the index of sections once there are too many for one file."""
    site, sections = site_sections(request)
    figures = section_figures(site, sections)
    if sum(addresses for addresses, _ in figures.values()) <= SITEMAP_SPLIT:
        addresses = Addresses(request, site)
        return xml_response(
            URLSET + "".join(urlset(section.rows(), addresses) for section in sections) + "</urlset>"
        )
    parts = [SITEMAPINDEX]
    for section in sections:
        count, latest = figures[section.slug]
        location = request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": section.slug}))
        lastmod = f"<lastmod>{latest.isoformat()}</lastmod>" if latest else ""
        for number in range(1, max(1, -(-count // SITEMAP_SPLIT)) + 1):
            suffix = f"?p={number}" if number > 1 else ""
            parts.append(f"<sitemap><loc>{escape(location + suffix)}</loc>{lastmod}</sitemap>")
    return xml_response("".join(parts) + "</sitemapindex>")


@x_robots_tag
def section_sitemap(request, section):
    """/sitemap-<section>.xml(?p=2): one section's addresses, SITEMAP_SPLIT a file."""
    site, sections = site_sections(request)
    found = next((candidate for candidate in sections if candidate.slug == section), None)
    if found is None:
        raise Http404("No such section.")
    number = request.GET.get("p", "1")
    # Past MAX_SITEMAP_PAGES no section has addresses, and a huge number would overflow the OFFSET.
    if not number.isdigit() or not 1 <= int(number) <= MAX_SITEMAP_PAGES:
        raise Http404("No such page of this sitemap.")
    # A slice, not a paginator: its count would cost as much again as the rows.
    start = (int(number) - 1) * SITEMAP_SPLIT
    rows = list(found.rows()[start : start + SITEMAP_SPLIT])
    if not rows and start:
        raise Http404("No such page of this sitemap.")
    return xml_response(URLSET + urlset(rows, Addresses(request, site)) + "</urlset>")
