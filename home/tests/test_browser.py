"""Every page type in a real browser: zero WCAG 2.2 A/AA violations (axe-core), no console
errors, a working skip link and header keyboard navigation, no sideways scrolling at 320px
or 200% zoom, and a clean print layout."""

import pytest

from testing.browser import check_page
from testing.pages import LANGUAGES_TO_CHECK, urls_to_check

pytestmark = pytest.mark.browser


def test_every_page_type_passes_axe_with_no_console_errors(seeded_live_server, browser_page):
    reports = [
        check_page(browser_page, seeded_live_server.url + path, expected_status=status)
        for _label, path, status in urls_to_check(languages=LANGUAGES_TO_CHECK)
    ]
    assert len(reports) >= 15
    failures = [report.summary() for report in reports if not report.ok]
    assert not failures, "\n".join(failures)


def test_skip_link_is_first_and_moves_focus_to_main_content(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + "/about/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert browser_page.is_visible(".govuk-skip-link")
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"


def test_header_is_navigable_by_keyboard(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + "/")
    visited = []
    for _ in range(8):
        browser_page.keyboard.press("Tab")
        visited.append(
            browser_page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
    assert visited[0] == "Skip to main content"
    assert any("Bringing People Together" in item for item in visited)
    assert "header-search" in visited
    assert "Guidance" in visited
    browser_page.focus("#header-search")
    browser_page.keyboard.type("cohesion")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/search/?q=cohesion")
    assert "result" in browser_page.text_content("[role=status]")


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_sideways_scrolling(seeded_live_server, chromium, width):
    # 640px wide is a 1280px screen at 200% zoom.
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    overflowing = []
    for label, path, _status in urls_to_check(languages=LANGUAGES_TO_CHECK):
        page.goto(seeded_live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            overflowing.append(f"{label} ({path}): {scroll_width}px")
    context.close()
    assert not overflowing


def test_print_layout_hides_navigation_and_search(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + "/about/")
    browser_page.emulate_media(media="print")
    for selector in [".bpt-header-search", ".govuk-service-navigation", ".govuk-skip-link"]:
        assert browser_page.eval_on_selector(selector, "el => getComputedStyle(el).display") == "none", (
            selector
        )
    assert browser_page.is_visible("h1")


def test_harness_reports_violations_and_console_errors(browser_page):
    """The checks above can fail: axe and the console listener catch a broken page."""
    from testing.browser import run_axe

    errors = []
    browser_page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    browser_page.set_content(
        "<html><body><img src='data:,'><script>console.error('boom')</script></body></html>"
    )
    violations = {violation["id"] for violation in run_axe(browser_page)}
    assert {"image-alt", "html-has-lang"} <= violations
    assert "boom" in errors
