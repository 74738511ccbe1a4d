"""Template tags for the site chrome: contact details, languages and the main navigation."""

from types import SimpleNamespace

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html_join

from wagtail.models import Locale, Site

from home import languages, page_cache
from home.govuk_i18n import character_count_messages, search_suggestion_messages
from home.models import SiteSettings

register = template.Library()


def fallback_contact():
    values = settings.FALLBACK_CONTACT
    return SimpleNamespace(
        organisation_name=values["organisation_name"],
        organisation_url="",
        contact_team="",
        contact_phone=values["phone"],
        contact_tel=values["phone"].replace(" ", ""),
        contact_email=values["email"],
        contact_web_address="",
        report_line_name=values["report_line_name"],
        report_line_number=values["report_line_number"],
        report_line_tel=values["report_line_number"].replace(" ", ""),
        report_line_text="",
        social_links=[],
        notice_enabled=False,
        about_page=None,
        accessibility_page=None,
        privacy_page=None,
        cookies_page=None,
    )


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page):
    """A link to a page (a footer link, the privacy notice) in the visitor's language: its live
    translation, else the English page within their language's interface."""
    return languages.url_in_active_language(page, context.get("request"))


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The editable site settings; fixed fallbacks where there is no request (the 500 page)."""
    request = context.get("request")
    if request is None:
        return fallback_contact()
    return SiteSettings.load(request_or_site=request)


@register.simple_tag(takes_context=True)
def language_context(context):
    """The interface language, and for a page: its live translations (for the switcher and
    hreflang), whether it is the English fallback, and whether its translation is out of date.
    Views outside the page tree (search) exist in every language."""
    request = context.get("request")
    page = context.get("page")
    interface = languages.active_language()
    found = SimpleNamespace(
        interface=interface, translations=[], fallback=False, out_of_date=False, page_language=None
    )
    if request is None:
        return found
    if page is not None and getattr(page, "locale_id", None):
        found.translations = languages.page_translations(page, request)
        found.fallback = languages.is_fallback(page)
        found.out_of_date = not found.fallback and languages.translation_is_out_of_date(page)
        found.page_language = languages.page_language(page)
    elif request.resolver_match is not None:
        path = request.get_full_path()
        urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        if len(set(urls.values())) > 1:
            found.translations = [
                languages.Translation(
                    language=languages.language(code),
                    url=url,
                    full_url=request.build_absolute_uri(url),
                    current=code == interface.code,
                )
                for code, url in urls.items()
            ]
    return found


@register.simple_tag
def govuk_character_count_i18n():
    """The GOV.UK character count's live messages in the visitor's language, as data-i18n attributes."""
    return format_html_join(" ", '{}="{}"', character_count_messages().items())


@register.simple_tag
def search_suggest_i18n():
    """The search suggestions' listbox name and live message in the visitor's language."""
    return format_html_join(" ", '{}="{}"', search_suggestion_messages().items())


@register.simple_tag(takes_context=True)
def primary_navigation(context):
    """The home page's children that editors show in menus, marking the current section."""
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = navigation_cache_key(site.pk)
    sections = cache.get(key)
    if sections is None:
        # The English sections, each in the visitor's language where translated.
        sections = []
        active_locale = Locale.get_active()
        for child in site.root_page.get_children().live().in_menu():
            shown = child.localized
            sections.append(
                {
                    "title": shown.title,
                    "url": languages.url_in_active_language(child, request),
                    "translation_key": child.translation_key,
                    # Shown in English inside another language's interface: marked for screen readers.
                    "lang": "" if shown.locale_id == active_locale.pk else languages.page_language(shown).tag,
                }
            )
        cache.set(key, sections, NAVIGATION_CACHE_SECONDS)
    current = context.get("page")
    current_keys = set()
    if current is not None and hasattr(current, "breadcrumbs"):
        current_keys = {current.translation_key, *(page.translation_key for page in current.breadcrumbs)}
    return [{**section, "current": section["translation_key"] in current_keys} for section in sections]


# The menu is on every page and changes only when a top-level page does (see home.signals).
NAVIGATION_CACHE_SECONDS = 3600


def navigation_cache_key(site_id, language_code=None):
    """One menu per site and language. Under the page cache's generation too: each gunicorn worker
    has its own default cache, and a purge (which every worker sees) must not let one re-render
    pages with a stale menu."""
    generation = page_cache.current_generation(page_cache.page_cache())
    return f"primary-navigation:{site_id}:{language_code or translation.get_language()}:{generation}"


@register.simple_tag
def page_numbers(page_obj):
    """Page numbers for GOV.UK pagination, with ellipses standing in for long runs."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))


@register.simple_tag(takes_context=True)
def render_teaser(context, teaser):
    """A section's home page teaser (see home.teasers): its template, given the page's context and its own."""
    template = context.template.engine.get_template(teaser.template)
    with context.push(teaser.context):
        return template.render(context)


class ContentsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from django.template.loader import render_to_string

        from home.contents import MIN_SECTIONS, add_anchors

        html, sections = add_anchors(self.nodelist.render(context))
        if len(sections) < MIN_SECTIONS:
            return html
        return render_to_string("includes/contents_list.html", {"sections": sections, "content": html})


@register.tag
def contents(parser, token):
    """{% contents %}...{% endcontents %}: the enclosed content, with a GOV.UK contents list of its
    section headings before it and a back-to-top link after it, when it has enough sections."""
    nodelist = parser.parse(("endcontents",))
    parser.delete_first_token()
    return ContentsNode(nodelist)


@register.filter
def live(value):
    """The published snippets among `value` (a related manager's .all, or a list), or the one
    snippet if it is published, else None: a draft taxonomy or priority never shows on a public
    page. Filtered in Python, so prefetched lists cost no query."""
    if value is None or not hasattr(value, "__iter__"):
        return value if getattr(value, "live", True) else None
    return [item for item in value if getattr(item, "live", True)]
