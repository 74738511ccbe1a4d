"""The search page in a real browser: results, no results, a filtered view and the suggestions box,
each with no axe violations or console errors."""

import pytest

from testing.browser import check_page, run_axe

pytestmark = pytest.mark.browser

PAGES = {
    "results": "/search/?q=cohesion",
    "no results": "/search/?q=zzzxqy",
    "filtered": "/search/?q=cohesion&type=guidance.guidancenotepage&type=documents",
    "second page": "/search/?q=the&page=2",
}


def test_search_pages_pass_axe_with_no_console_errors(seeded_live_server, browser_page):
    reports = [check_page(browser_page, seeded_live_server.url + path) for path in PAGES.values()]
    failures = [report.summary() for report in reports if not report.ok]
    assert not failures, "\n".join(failures)


def test_results_filters_and_counts_work_in_the_browser(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + PAGES["results"])
    status = browser_page.text_content(".bpt-search-count")
    assert "results for “cohesion”" in status
    assert browser_page.input_value("#search-query") == "cohesion"
    assert browser_page.locator(".bpt-search-result mark").count() > 0

    browser_page.check("input[name=type][value='guidance.guidancenotepage']")
    browser_page.click("text=Apply filter")
    browser_page.wait_for_url("**type=guidance.guidancenotepage**")
    assert "in the types you chose" in browser_page.text_content(".bpt-search-count")
    assert browser_page.locator(".bpt-search-result__type", has_text="Guidance note").count() >= 1


def test_no_results_offers_help_and_links_to_the_main_sections(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + PAGES["no results"])
    assert "No results" in browser_page.text_content(".bpt-search-count")
    assert browser_page.locator(".bpt-search-help a").count() >= 3


def test_suggestions_open_as_an_accessible_listbox_and_lead_to_the_page(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + "/search/")
    box = browser_page.locator("#search-query")
    assert box.get_attribute("role") == "combobox"
    box.type("commun", delay=20)
    browser_page.wait_for_selector("#search-query-suggestions [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    assert run_axe(browser_page) == []

    browser_page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == "search-query-suggestions-0"
    destination = browser_page.get_attribute(f"#{active}", "data-url")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**" + destination)

    browser_page.goto(seeded_live_server.url + "/search/")
    browser_page.locator("#search-query").type("commun", delay=20)
    browser_page.wait_for_selector("#search-query-suggestions [role=option]")
    browser_page.keyboard.press("Escape")
    assert browser_page.locator("#search-query").get_attribute("aria-expanded") == "false"
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/search/?q=commun")
