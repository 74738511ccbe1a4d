"""The "Add your calendar" form in a real browser with axe-core: empty, with errors (the summary
takes focus and links to the field), and the confirmation."""

import pytest

from events.models import AddCalendarPage, CalendarSource
from testing.browser import check_page, run_axe

pytestmark = pytest.mark.browser


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}: " + "; ".join(f"{v['id']}: {v['help']}" for v in violations)


def test_a_group_adds_its_calendar_with_an_accessible_form(seeded_live_server, browser_page, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    page = browser_page
    form_page = AddCalendarPage.objects.live().get()

    report = check_page(page, seeded_live_server.url + form_page.url)
    assert report.ok, report.summary()

    page.fill("#name", "Matlock Community Café")
    page.fill("#url", "http://calendar.example.org/cafe.ics")
    page.click("button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.click(".govuk-error-summary a[href='#url']")
    assert page.evaluate("document.activeElement.id") == "url"
    assert page.input_value("#name") == "Matlock Community Café"
    assert_accessible(page, "form with errors")

    page.fill("#url", "webcal://calendar.example.org/cafe.ics")
    page.fill("#contact_name", "Sam Jones")
    page.fill("#contact_email", "sam@example.org")
    page.click("button[type=submit]")
    page.wait_for_selector(".govuk-panel--confirmation")
    assert_accessible(page, "confirmation")
    source = CalendarSource.objects.get()
    assert (
        source.status == CalendarSource.Status.PENDING
        and source.url == "https://calendar.example.org/cafe.ics"
    )
