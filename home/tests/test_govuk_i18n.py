"""The GOV.UK character count's live message ("You have 20 characters remaining") is in the
visitor's language: our templates hand GOV.UK's script a translation for every plural category it
can ask for, and each agrees with the .po file's own plural form for every count."""

import pytest
from babel import Locale

from django.conf import settings
from django.utils import translation

from home.govuk_i18n import character_count_messages, plural_samples, search_suggestion_messages


def remaining(number):
    return translation.ngettext(
        "You have %(count)s character remaining", "You have %(count)s characters remaining", number
    )


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_each_cldr_category_gets_the_form_gettext_gives_every_count_in_it(code):
    rule = Locale.parse(code, sep="-").plural_form
    samples = plural_samples(code)
    with translation.override(code):
        for number in range(1, 1000):
            assert remaining(samples[rule(number)]) == remaining(number), (code, number)


def test_languages_with_more_plural_forms_get_their_own_categories():
    assert set(plural_samples("pl")) == {"one", "few", "many", "other"}
    assert set(plural_samples("ar")) == {"one", "two", "few", "many", "other"}
    with translation.override("pl"):
        polish = character_count_messages()
    assert polish["data-i18n.characters-under-limit.one"] == "Pozostał %{count} znak"
    assert polish["data-i18n.characters-under-limit.few"] == "Pozostały %{count} znaki"
    assert polish["data-i18n.characters-under-limit.many"] == "Pozostało %{count} znaków"
    assert polish["data-i18n.characters-over-limit.few"] == "Masz o %{count} znaki za dużo"
    assert polish["data-i18n.characters-at-limit"] == "Pozostało 0 znaków"


def suggestions(number):
    return translation.ngettext(
        "%(count)s suggestion. Use the up and down arrows to choose one.",
        "%(count)s suggestions. Use the up and down arrows to choose one.",
        number,
    ) % {"count": number}


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_search_suggestion_message_for_each_category_is_the_form_gettext_gives(code):
    rule = Locale.parse(code, sep="-").plural_form
    with translation.override(code):
        messages = search_suggestion_messages()
        for number in range(1, 200):
            message = messages[f"data-i18n.suggestions.{rule(number)}"]
            assert message.replace("%{count}", str(number)) == suggestions(number), (code, number)


def test_search_suggestion_messages_are_translated():
    with translation.override("pl"):
        polish = search_suggestion_messages()
    assert polish["data-i18n.suggestions-label"] == "Proponowane strony"
    assert polish["data-i18n.suggestions.few"].startswith("%{count} propozycje.")
    assert polish["data-i18n.suggestions.many"].startswith("%{count} propozycji.")
