"""The text GOV.UK Frontend's scripts write on the page (the character count's live "You have 20
characters remaining"), translated with Django's i18n and handed to the component as its
`data-i18n.*` attributes (GOV.UK's "Localise GOV.UK Frontend"). Our own search suggestions script
(static/js/search-suggest.js) is handed its live message the same way.

GOV.UK chooses a plural form with the browser's Intl.PluralRules, so it asks for CLDR's categories
(one, few, many, other...), while our .po files hold gettext's plural forms. For each CLDR category
of the language we take a whole number in it (from Babel's CLDR data) and let ngettext pick the
form for that number, so both sides agree on every count.
"""

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from django.utils.translation import get_language, gettext, ngettext

# GOV.UK's own placeholder, which its script replaces with the count.
COUNT = "%{count}"


@lru_cache
def plural_samples(language_code):
    """{CLDR category: a whole number >= 1 in it} for the language. The count GOV.UK passes is
    never 0 (it says "at limit" instead). "other" is always present, as GOV.UK requires; where no
    whole number is "other" (Polish keeps it for fractions) it takes the last form found."""
    try:
        rule = Locale.parse(language_code, sep="-").plural_form
    except (UnknownLocaleError, ValueError):
        return {"one": 1, "other": 2}
    samples = {}
    for number in range(1, 200):
        samples.setdefault(rule(number), number)
    samples.setdefault("other", max(samples.values()))
    return samples


def character_count_messages():
    """{data-i18n attribute: translated text} for the GOV.UK character count in the active language."""
    samples = plural_samples(get_language() or "en-gb")
    messages = {}
    for category, number in samples.items():
        under = ngettext(
            "You have %(count)s character remaining", "You have %(count)s characters remaining", number
        )
        over = ngettext(
            "You have %(count)s character too many", "You have %(count)s characters too many", number
        )
        messages[f"data-i18n.characters-under-limit.{category}"] = under % {"count": COUNT}
        messages[f"data-i18n.characters-over-limit.{category}"] = over % {"count": COUNT}
    messages["data-i18n.characters-at-limit"] = gettext("You have 0 characters remaining")
    return messages


def search_suggestion_messages():
    """{data-i18n attribute: translated text} for the search box's suggestions in the active language:
    the listbox's name and the live "3 suggestions" message, one per CLDR category, as above."""
    messages = {"data-i18n.suggestions-label": gettext("Suggested pages")}
    for category, number in plural_samples(get_language() or "en-gb").items():
        message = ngettext(
            "%(count)s suggestion. Use the up and down arrows to choose one.",
            "%(count)s suggestions. Use the up and down arrows to choose one.",
            number,
        )
        messages[f"data-i18n.suggestions.{category}"] = message % {"count": COUNT}
    return messages
