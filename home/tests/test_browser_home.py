"""The home page where people look: the report line high on a phone, cards filling their row, and
the pages this issue changed free of axe violations."""

import pytest

from testing.browser import check_page

pytestmark = pytest.mark.browser

CHANGED_PAGES = [
    "/",
    "/about/",
    "/accessibility-statement/",
    "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/",
    "/strategy-and-charter/action-plan/",
    "/guidance/voluntary-and-community-sector/",
    "/search/?q=comunity",
    "/search/?q=volunteering",
]


def test_report_a_concern_is_near_the_top_on_a_phone(seeded_live_server, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(seeded_live_server.url + "/")
    top = page.eval_on_selector("#report-heading", "el => el.getBoundingClientRect().top + window.scrollY")
    explore = page.eval_on_selector(
        "#explore-heading", "el => el.getBoundingClientRect().top + window.scrollY"
    )
    context.close()
    assert top < explore and top < 1300, top


def test_a_single_card_fills_its_row(seeded_live_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(seeded_live_server.url + "/")
    widths = page.eval_on_selector(
        "#featured-heading + .bpt-card-list",
        "list => [list.getBoundingClientRect().width, list.children.length,"
        " list.children[0].getBoundingClientRect().width]",
    )
    context.close()
    list_width, count, card_width = widths
    assert count == 1
    assert card_width > 0.9 * list_width, widths


def test_the_changed_pages_pass_axe_with_no_console_errors(seeded_live_server, browser_page):
    reports = [check_page(browser_page, seeded_live_server.url + path) for path in CHANGED_PAGES]
    failures = [report.summary() for report in reports if not report.ok]
    assert not failures, "\n".join(failures)
