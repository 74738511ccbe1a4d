"""Right-to-left pages in a real browser: an Urdu page passes axe, and its layout is mirrored
(a screenshot is kept with the test's files for a person to look at)."""

import pytest

from home.factories import publish_translation
from home.models import StandardPage
from testing.browser import check_page

pytestmark = pytest.mark.browser


def box(page, selector):
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().toJSON()")


def test_urdu_page_is_mirrored_and_passes_axe(seeded_live_server, browser_page, tmp_path):
    about = StandardPage.objects.get(slug="about")
    publish_translation(
        about,
        "ur",
        title="ہمارے بارے میں",
        introduction="یہ ہب ڈربی شائر اور ڈربی میں لوگوں کو قریب لانے کے لیے ہے۔",
    )
    report = check_page(browser_page, seeded_live_server.url + "/ur/about/")
    assert report.ok, report.summary()
    browser_page.screenshot(path=tmp_path / "urdu-about.png", full_page=True)
    assert browser_page.eval_on_selector("html", "el => getComputedStyle(el).direction") == "rtl"
    width = browser_page.evaluate("document.documentElement.clientWidth")
    heading, main = box(browser_page, "h1"), box(browser_page, "main")
    # The heading starts at the right-hand edge of the content, not the left.
    assert abs(heading["right"] - main["right"]) < 40
    assert heading["left"] > main["left"] + 40
    # The language switcher names each language in its own script, Urdu current.
    assert browser_page.text_content(".bpt-language-switcher [aria-current]").strip() == "اردو"
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= width

    browser_page.goto(seeded_live_server.url + "/about/")
    english = box(browser_page, "h1")
    assert english["left"] < heading["left"]


def test_english_fallback_inside_the_urdu_interface_reads_left_to_right(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + "/ur/about/")
    direction = "el => getComputedStyle(el).direction"
    assert browser_page.eval_on_selector("html", direction) == "rtl"
    assert browser_page.eval_on_selector("main h1", direction) == "ltr"
    assert browser_page.eval_on_selector("main h1", "el => el.closest('[lang]').lang") == "en-GB"


@pytest.mark.parametrize("code", ["pl", "ur"])
def test_search_suggestions_are_announced_in_the_visitors_language(seeded_live_server, browser_page, code):
    from django.utils import translation

    browser_page.goto(f"{seeded_live_server.url}/{code}/about/")
    browser_page.locator("#header-search").type("commun", delay=20)
    browser_page.wait_for_selector("#header-search-suggestions [role=option]")
    count = browser_page.locator("#header-search-suggestions [role=option]").count()
    announced = browser_page.text_content(".bpt-suggest [aria-live]")
    with translation.override(code):
        expected = translation.ngettext(
            "%(count)s suggestion. Use the up and down arrows to choose one.",
            "%(count)s suggestions. Use the up and down arrows to choose one.",
            count,
        ) % {"count": count}
        label = translation.gettext("Suggested pages")
    assert announced == expected and "suggestion" not in announced
    assert (
        browser_page.get_attribute("#header-search-suggestions", "aria-label") == label != "Suggested pages"
    )
