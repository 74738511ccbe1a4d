"""Community languages: which locales exist, how each is named, and which translations a page has.

English (UK) is the source (settings.LANGUAGE_CODE); settings.COMMUNITY_LANGUAGES lists the
translations offered. Wagtail keeps one Locale row per language; pages and snippets in other
languages are translations of the English ones (wagtail-localize's editor makes them). A page
with no live translation in the visitor's language is served in English under that language's
prefix (HomePage.route), inside the translated interface.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def ensure_locales(apps):
    """A Locale row for every configured language; re-runnable, and never deletes one (a locale
    taken out of the settings keeps its translations until an administrator deletes it)."""
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


@dataclass(frozen=True)
class Language:
    code: str
    name_local: str
    bidi: bool

    @property
    def direction(self):
        return "rtl" if self.bidi else "ltr"

    @property
    def tag(self):
        """The BCP 47 tag for lang and hreflang attributes: en-GB, pl, ur."""
        language, _, region = self.code.partition("-")
        return f"{language}-{region.upper()}" if region else language

    @property
    def is_source(self):
        return self.code == settings.LANGUAGE_CODE


def language(code):
    """A language by its Django code, named in its own script (Django's LANG_INFO)."""
    info = translation.get_language_info(code)
    name = "English" if code == settings.LANGUAGE_CODE else info["name_local"]
    return Language(code=code, name_local=name, bidi=info["bidi"])


def current_code():
    """The Django code of the interface language now (English outside a request)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def mail_language(code):
    """The language to write an email in: the reader's, if the hub still offers it, else English."""
    return code if code in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def active_language():
    """The interface language of this request (from the URL prefix; English without one)."""
    return language(translation.get_language() or settings.LANGUAGE_CODE)


def active_locale(request=None):
    """Wagtail's Locale for the interface language, looked up once per request."""
    from wagtail.models import Locale

    code = translation.get_language() or settings.LANGUAGE_CODE
    cached = getattr(request, "_hub_locale", None)
    if cached is None or cached.language_code != code:
        cached = Locale.get_active()
        if request is not None:
            request._hub_locale = cached
    return cached


def configured_languages():
    return [language(code) for code, _name in settings.LANGUAGES]


def page_language(page):
    return language(page.locale.language_code)


def is_fallback(page):
    """The page is shown in English because it has no live translation in the visitor's language."""
    return page.locale.language_code != (translation.get_language() or settings.LANGUAGE_CODE)


def fallback_url(page, code, request=None):
    """The address of an English page inside another language's interface: /pl/about/."""
    parts = page.get_url_parts(request)
    if not parts or parts[2] is None:
        return None
    with translation.override(code):
        return reverse("wagtail_serve", args=(parts[2].lstrip("/"),))


def url_in_active_language(page, request=None):
    """Where a link to this page goes for the visitor: its live translation in their language,
    else the page itself within their language's interface."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    if code == settings.LANGUAGE_CODE:
        # The English interface links where the editor pointed, without a locale query per link.
        return page.get_url(request)
    if page.locale.language_code == code:
        return page.get_url(request)
    localized = page.localized
    if localized.locale.language_code == code:
        return localized.get_url(request)
    return fallback_url(page, code, request) or page.get_url(request)


@dataclass(frozen=True)
class Translation:
    language: Language
    url: str
    full_url: str
    current: bool


def page_translations(page, request=None):
    """The live versions of this page, one per language, in the order of settings.LANGUAGES."""
    versions = {}
    for version in page.get_translations(inclusive=True).live().select_related("locale"):
        versions[version.locale.language_code] = version
        if version.pk == page.pk:
            page.locale = version.locale  # fetched already: the page's other checks need no query
    active = translation.get_language() or settings.LANGUAGE_CODE
    found = []
    for code, _name in settings.LANGUAGES:
        version = versions.get(code)
        if version is None:
            continue
        found.append(
            Translation(
                language=language(code),
                url=version.get_url(request),
                full_url=version.get_full_url(request),
                current=code == active,
            )
        )
    return found


def source_page(page):
    """The English page a translation was made from (None for an English page)."""
    from wagtail.models import Locale

    if page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    return page.get_translation_or_none(Locale.get_default())


def out_of_date_translations():
    """Live translations whose English source was published after the translation was last
    brought up to date: after it was last published, or (made with wagtail-localize) after the
    source's text was last synced for translators ("Sync translated pages")."""
    from wagtail_localize.models import TranslationSource

    from django.db.models import F, OuterRef, Q, Subquery

    from wagtail.models import Locale, Page

    source_locale = Locale.get_default()
    sources = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=source_locale)
    synced = TranslationSource.objects.filter(object_id=OuterRef("translation_key"), locale=source_locale)
    return (
        Page.objects.live()
        .exclude(locale=source_locale)
        .annotate(
            source_published_at=Subquery(sources.values("last_published_at")[:1]),
            source_synced_at=Subquery(synced.values("last_updated_at")[:1]),
        )
        .filter(
            Q(source_published_at__gt=F("last_published_at"))
            | Q(source_synced_at__isnull=False, source_published_at__gt=F("source_synced_at"))
        )
    )


def translation_is_out_of_date(page):
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return False
    return out_of_date_translations().filter(pk=page.pk).exists()
