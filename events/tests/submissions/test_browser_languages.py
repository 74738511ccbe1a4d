"""The character count in a real browser speaks the visitor's language, with that language's own
plural forms: GOV.UK's script reads our translations from the form group's data-i18n attributes."""

import pytest

from events.models import SubmitEventPage
from testing.browser import check_page

pytestmark = pytest.mark.browser


def count_message(page, text):
    page.fill("#summary", text)
    return page.text_content("#summary ~ .govuk-character-count__status").strip()


def test_the_character_count_counts_in_polish_and_urdu(seeded_live_server, browser_page):
    form_page = SubmitEventPage.objects.live().get()
    page = browser_page

    report = check_page(page, f"{seeded_live_server.url}/pl{form_page.url}")
    assert report.ok, report.summary()
    maximum = int(page.get_attribute("[data-module=govuk-character-count]:has(#summary)", "data-maxlength"))
    assert count_message(page, "x" * (maximum - 1)) == "Pozostał 1 znak"
    assert count_message(page, "x" * (maximum - 3)) == "Pozostały 3 znaki"
    assert count_message(page, "x" * (maximum - 5)) == "Pozostało 5 znaków"
    assert count_message(page, "x" * maximum) == "Pozostało 0 znaków"
    assert count_message(page, "x" * (maximum + 2)) == "Masz o 2 znaki za dużo"

    report = check_page(page, f"{seeded_live_server.url}/ur{form_page.url}")
    assert report.ok, report.summary()
    assert count_message(page, "x" * (maximum - 1)) == "آپ کے پاس 1 حرف باقی ہے"
    assert count_message(page, "x" * (maximum - 4)) == "آپ کے پاس 4 حروف باقی ہیں"
