"""Stories in a real browser: the filtered index and a story pass axe, the filters work without
JavaScript, and images load as responsive WebP without shifting the layout."""

import pytest

from testing.browser import check_page

pytestmark = pytest.mark.browser

STORY = "/stories/example-shared-lunch-long-eaton/"


def test_filtered_index_and_story_pass_axe_with_no_console_errors(seeded_live_server, browser_page):
    reports = [
        check_page(browser_page, seeded_live_server.url + path)
        for path in ["/stories/", "/stories/?area=erewash&theme=common-ground", STORY]
    ]
    failures = [report.summary() for report in reports if not report.ok]
    assert not failures, "\n".join(failures)


def test_filters_work_without_javascript_and_give_a_shareable_address(seeded_live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/stories/")
    assert "6 stories" in page.text_content("[role=status]")
    page.select_option("#id_area", "erewash")
    page.click("text=Show stories")
    page.wait_for_url("**/stories/?area=erewash&theme=")
    assert page.text_content("[role=status]").strip() == "1 story from Erewash"
    assert page.locator(".bpt-story-card").count() == 1
    page.click("text=Clear filters")
    page.wait_for_url("**/stories/")
    assert page.locator(".bpt-story-card").count() == 6
    context.close()


def test_story_hero_loads_as_webp_at_its_reserved_size(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + STORY)
    hero = browser_page.locator(".bpt-story__hero img")
    hero.wait_for()
    browser_page.wait_for_function("document.querySelector('.bpt-story__hero img').complete")
    loaded = hero.evaluate(
        "img => ({src: img.currentSrc, natural: img.naturalWidth, box: img.getBoundingClientRect().height,"
        " ratio: img.getBoundingClientRect().width / img.getBoundingClientRect().height})"
    )
    assert loaded["src"].endswith(".webp")
    assert loaded["natural"] >= 640
    assert loaded["ratio"] == pytest.approx(16 / 9, rel=0.02)


def test_card_images_below_the_fold_wait_until_scrolled_to(seeded_live_server, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 600})
    page = context.new_page()
    page.goto(seeded_live_server.url + "/stories/")
    page.wait_for_load_state("load")
    last_card = page.locator(".bpt-story-card img").last
    assert last_card.get_attribute("loading") == "lazy"
    assert last_card.evaluate("img => img.complete && img.naturalWidth > 0") is False
    last_card.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const imgs = document.querySelectorAll('.bpt-story-card img');"
        " const img = imgs[imgs.length - 1]; return img.complete && img.naturalWidth > 0; }"
    )
    context.close()
