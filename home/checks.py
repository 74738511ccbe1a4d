"""System checks for the site-wide settings (run by `manage.py check` and at start-up)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.translation)
def community_languages_have_interface_translations(app_configs, **kwargs):
    """A community language with no compiled .mo would show its whole interface in English."""
    locale_paths = [Path(path) for path in settings.LOCALE_PATHS]
    return [
        Warning(
            f"COMMUNITY_LANGUAGES offers '{code}', which has no interface translations: its pages "
            "will show the interface in English.",
            hint=f"Add locale/{code}/LC_MESSAGES/django.po and compile it (docs/translations.md).",
            id="home.W001",
        )
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
        and not any((path / code / "LC_MESSAGES" / "django.mo").exists() for path in locale_paths)
    ]
