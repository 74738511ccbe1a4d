"""The whole journey in a real browser, with axe-core on every step: a group fills in the form,
sees its mistakes, corrects them and sends it; an editor approves it in the admin; the event
appears on the public calendar."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.models import EventPage, EventSubmission, SubmitEventPage
from testing.browser import check_page, run_axe

from .support import future_date

pytestmark = pytest.mark.browser


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}: " + "; ".join(f"{v['id']}: {v['help']}" for v in violations)


def test_a_group_submits_an_event_an_editor_approves_it_and_it_is_published(
    seeded_live_server, browser_page, settings, django_user_model
):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    page = browser_page
    form_page = SubmitEventPage.objects.live().get()
    base = seeded_live_server.url

    # 1. The empty form passes axe, and reveals follow the answers (JavaScript on).
    report = check_page(page, base + form_page.url)
    assert report.ok, report.summary()
    assert not page.is_visible("#venue_name")
    page.check("#where_0")
    assert page.is_visible("#venue_name")

    # 2. Mistakes: the error summary takes focus and links to each field.
    page.fill("#organiser_name", "Matlock Neighbours")
    page.fill("#contact_email", "sam@")
    page.click("button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    page.click(".govuk-error-summary a[href='#contact_email']")
    assert page.evaluate("document.activeElement.id") == "contact_email"
    assert page.input_value("#organiser_name") == "Matlock Neighbours"
    assert_accessible(page, "form with errors")

    # 3. Corrected and sent.
    day = future_date(21)
    page.fill("#contact_name", "Sam Jones")
    page.fill("#contact_email", "sam@example.org")
    page.fill("#title", "Riverside community lunch")
    page.fill("#summary", "Soup, bread and a chat. Everyone welcome.")
    page.fill("#start_date_day", str(day.day))
    page.fill("#start_date_month", str(day.month))
    page.fill("#start_date_year", str(day.year))
    page.fill("#start_time", "12pm")
    page.fill("#end_time", "2pm")
    if not page.is_checked("#where_0"):
        page.check("#where_0")
    page.fill("#venue_name", "Riverside Centre")
    page.fill("#venue_postcode", "DE4 3AG")
    page.select_option("#area", label="Derbyshire Dales")
    page.select_option("#category", label="Food and social")
    page.check("#inclusion_0")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_selector(".govuk-panel--confirmation")
    submission = EventSubmission.objects.get()
    assert submission.reference in page.text_content(".govuk-panel")
    assert_accessible(page, "confirmation")

    # 4. An editor signs in and approves it, publishing straight away.
    password = "a-long-test-password"
    editor = django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", password)
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    # Then the second step: the code the editor's authenticator app shows.
    page.wait_for_url("**/admin/two-factor/verify/**")
    page.fill("#token", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    assert "Event submissions waiting for a decision" in page.content()
    assert_accessible(page, "admin dashboard")
    page.goto(base + "/admin/events/eventsubmission/")
    assert_accessible(page, "admin list of submissions")
    page.goto(base + f"/admin/events/eventsubmission/inspect/{submission.pk}/")
    assert "Riverside community lunch" in page.text_content("main")
    assert_accessible(page, "admin inspect view")
    page.click("text=Approve")
    assert_accessible(page, "admin approve view")
    page.check("#action-publish")
    page.click("button:has-text('Approve')")
    page.wait_for_url("**/admin/pages/*/edit/")

    # 5. The event is on the public calendar, as a visitor sees it (a fresh browser, signed out).
    page.goto("about:blank")  # stop the editor's page pinging the server in the background
    visitor = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    event = EventPage.objects.live().get(title="Riverside community lunch")
    report = check_page(page, base + event.url)
    assert report.ok, report.summary()
    assert "Matlock Neighbours" in page.text_content("main")
    page.goto(base + event.get_parent().url)
    assert page.is_visible("text=Riverside community lunch")
    visitor.close()
