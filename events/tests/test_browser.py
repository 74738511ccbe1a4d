"""Events in a real browser: the listing with filters applied and an event page pass axe; the
filters work with and without JavaScript and give a shareable address."""

import pytest

from testing.browser import check_page

pytestmark = pytest.mark.browser

CAFE = "/events/conversation-cafe/"


def test_filtered_listing_and_event_pages_pass_axe_with_no_console_errors(seeded_live_server, browser_page):
    paths = [
        "/events/?when=this-month&free=1&access=step-free&mode=in-person",
        "/events/?area=derby-city&category=sport-and-wellbeing&access=women-only&access=childcare",
        "/events/?from_day=1&from_month=13&from_year=2026",
        "/events/past/?from_day=1&from_month=1&from_year=2026",
        CAFE,
        "/events/youth-football-tournament/",
    ]
    reports = [check_page(browser_page, seeded_live_server.url + path) for path in paths]
    failures = [report.summary() for report in reports if not report.ok]
    assert not failures, "\n".join(failures)


def test_filters_combine_with_javascript_and_dates_open_on_demand(seeded_live_server, browser_page):
    page = browser_page
    page.goto(seeded_live_server.url + "/events/")
    total = page.text_content("#result-count").strip()
    assert not page.is_visible("#from_day")
    page.click("text=Choose dates")
    assert page.is_visible("#from_day")
    page.select_option("#area", "derby-city")
    page.check("#free")  # the women's swim costs £3: no free events in Derby City remain
    page.click("text=Apply filters")
    # The form sends its empty fields too; the server redirects to the short address.
    page.wait_for_url("**/events/?area=derby-city&free=1")
    assert page.text_content("#result-count").strip() == "0 events match your filters"
    page.click(".bpt-active-filters__chip:has-text('Free')")
    page.wait_for_url("**/events/?area=derby-city")
    status = page.text_content("#result-count").strip()
    assert status.endswith("match your filters") and status != total
    assert (
        page.locator(".bpt-event__link").first.text_content().strip() == "Women's swim and wellbeing session"
    )


def test_filters_work_without_javascript(seeded_live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/events/")
    page.check("#access_6")  # Women-only session
    page.check("#access_4")  # Childcare
    page.click("text=Apply filters")
    page.wait_for_url("**/events/?access=childcare&access=women-only")
    titles = {title.strip() for title in page.locator(".bpt-event__link").all_text_contents()}
    assert titles == {"Women's swim and wellbeing session"}
    page.click("text=Clear filters")
    page.wait_for_url("**/events/")
    assert page.locator(".bpt-event__link").count() > 1
    context.close()


def test_event_page_offers_calendar_downloads_and_dates(seeded_live_server, browser_page):
    page = browser_page
    page.goto(seeded_live_server.url + CAFE)
    assert page.is_visible("text=Every Tuesday until")
    ics = page.get_attribute("text=Download all dates as a calendar file (.ics)", "href")
    response = page.request.get(seeded_live_server.url + ics)
    assert response.ok and b"BEGIN:VCALENDAR" in response.body()
    assert page.get_attribute("text=Add all dates to Google Calendar", "href").startswith(
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
    )
    assert page.locator(".bpt-dates__item .govuk-tag--red").count() == 1
    picture = page.locator(".bpt-event-page__image img")
    page.wait_for_function("document.querySelector('.bpt-event-page__image img').complete")
    assert picture.evaluate("img => img.currentSrc").endswith(".webp")
