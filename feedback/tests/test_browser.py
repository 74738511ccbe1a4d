"""In a real browser, with axe-core on every step: a reader answers "No", explains, is thanked;
an editor reads the feedback and broken-link reports in the admin."""

import pytest

from django.core.management import call_command

from feedback.models import COMMENT_MAX_LENGTH, PageFeedback
from testing.auth import sign_in_browser
from testing.browser import check_page, run_axe

pytestmark = pytest.mark.browser


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}: " + "; ".join(
        f"{v['id']}: {v['help']} {[n['html'] for n in v['nodes']]}" for v in violations
    )


def test_a_reader_says_a_page_was_not_useful_and_what_they_were_looking_for(seeded_live_server, browser_page):
    from guidance.models import GuidanceNotePage

    page = browser_page
    note = GuidanceNotePage.objects.live().get()
    report = check_page(page, seeded_live_server.url + note.url)
    assert report.ok, report.summary()
    assert page.is_visible("text=Is this page useful?")

    page.click("button[name=useful][value=no]")
    page.wait_for_selector("textarea#id_comment")
    assert_accessible(page, "comment form")

    page.fill("#id_comment", "x" * (COMMENT_MAX_LENGTH + 5))
    page.click("text=Send")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert_accessible(page, "comment form with an error")

    page.fill("#id_comment", "Who to call about a neighbourhood dispute; my number is 07700 900123")
    page.click("text=Send")
    page.wait_for_selector(".govuk-panel--confirmation")
    assert_accessible(page, "thank you")

    feedback = PageFeedback.objects.get()
    assert feedback.page_id == note.pk and feedback.useful is False
    assert (
        feedback.comment == "Who to call about a neighbourhood dispute; my number is [phone number removed]"
    )


def test_the_feedback_and_link_reports_pass_axe(seeded_live_server, browser_page, django_user_model):
    from guidance.models import GuidanceNotePage

    note = GuidanceNotePage.objects.live().get()
    PageFeedback.objects.create(page=note, useful=True)
    PageFeedback.objects.create(page=note, useful=False, comment="The leaflet in Polish")
    call_command("check_links", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.gov.uk", "a-long-test-password"
    )
    page = sign_in_browser(browser_page, seeded_live_server.url, user)
    page.goto(seeded_live_server.url + "/admin/")
    assert "Pages due for review" in page.content()

    for path, text in [
        ("/admin/reports/page-feedback/", note.title),
        ("/admin/reports/feedback-comments/", "The leaflet in Polish"),
        (f"/admin/reports/feedback-comments/page/{note.pk}/", "The leaflet in Polish"),
        ("/admin/reports/broken-links/", "Broken links"),
    ]:
        page.goto(seeded_live_server.url + path)
        assert text in page.content(), path
        assert_accessible(page, path)

    page.goto(seeded_live_server.url + "/admin/reports/feedback-comments/")
    page.click("text=Mark as dealt with")
    page.wait_for_selector("text=Comment marked as dealt with.")
    assert PageFeedback.objects.get(comment="The leaflet in Polish").dealt_with
