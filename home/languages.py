"""Community languages: which locales exist, how each is named, and which translations a page has.

English (UK) is the source (settings.LANGUAGE_CODE); settings.COMMUNITY_LANGUAGES lists the
translations offered. Wagtail keeps one Locale row per language; pages and snippets in other
languages are translations of the English ones (wagtail-localize's editor makes them).
"""

from dataclasses import dataclass

from django.conf import settings
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


def language(code):
    """A language by its Django code, named in its own script (Django's LANG_INFO)."""
    info = translation.get_language_info(code)
    return Language(
        code=code,
        name_local=info["name_local"] if code != settings.LANGUAGE_CODE else "English",
        bidi=info["bidi"],
    )


def active_language():
    return language(translation.get_language() or settings.LANGUAGE_CODE)


def is_source_language(code):
    return code == settings.LANGUAGE_CODE
