"""Guidance in a real browser: filters work without JavaScript, the note prints as a leaflet, and the
action plan's progress bar is announced."""

import pytest

from testing.browser import check_page

pytestmark = pytest.mark.browser

NOTE_PATH = "/guidance/voluntary-and-community-sector/"


def test_guidance_filters_work_without_javascript_and_give_a_shareable_address(seeded_live_server, chromium):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(seeded_live_server.url + "/guidance/")
    page.check("#audience-faith-groups")
    page.check("#theme-common-ground")
    page.click("text=Apply filters")
    page.wait_for_url("**/guidance/?audience=faith-groups&theme=common-ground")
    assert "1 guidance note matches your filters" in " ".join(page.text_content("[role=status]").split())
    assert page.is_checked("#audience-faith-groups")
    page.check("#audience-businesses")
    page.uncheck("#audience-faith-groups")
    page.click("text=Apply filters")
    assert "0 guidance notes match your filters" in " ".join(page.text_content("[role=status]").split())
    page.click("text=Clear filters")
    assert page.url.endswith("/guidance/")
    context.close()


def test_resources_filter_works_without_javascript(seeded_live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/guidance/resources/")
    page.select_option("#resource-theme", "responsibility")
    page.click("text=Show resources")
    page.wait_for_url("**/guidance/resources/?theme=responsibility")
    assert "0 resources about responsibility" in " ".join(page.text_content("[role=status]").split())
    context.close()


def test_guidance_note_prints_as_a_leaflet_with_the_ways_to_help_overleaf(seeded_live_server, browser_page):
    browser_page.goto(seeded_live_server.url + NOTE_PATH)
    assert browser_page.is_visible("[data-bpt-print]")  # the print button needs JavaScript, which is on
    browser_page.emulate_media(media="print")

    def style(selector, prop):
        return browser_page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")

    assert style(".bpt-help", "breakBefore") == "page"
    for selector in [".bpt-print-action", ".bpt-related", ".govuk-service-navigation", ".bpt-header-search"]:
        assert not browser_page.is_visible(selector), selector
    assert browser_page.is_visible("#help-heading") and browser_page.is_visible("#report-line-heading")
    # Phone numbers print as themselves, not followed by their tel: address.
    tel_after = browser_page.eval_on_selector(
        ".bpt-contact-panels a[href^='tel:']", "el => getComputedStyle(el, '::after').content"
    )
    assert tel_after in ("none", "normal")


def test_print_button_stays_hidden_without_javascript(seeded_live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + NOTE_PATH)
    assert not page.is_visible("[data-bpt-print]")
    context.close()


def test_action_plan_with_actions_passes_axe_and_exposes_its_progress_bar(seeded_live_server, browser_page):
    from guidance.models import ActionStatus, Priority, PriorityAction

    priority = Priority.objects.get(number=4)
    # Only this test's actions: the seed's example actions would change the counts.
    priority.actions.all().delete()
    PriorityAction.objects.create(
        priority=priority,
        title="Train reporting centres",
        lead_organisation="Derby City Council",
        status=ActionStatus.IN_PROGRESS,
    )
    PriorityAction.objects.create(
        priority=priority,
        title="Publish monitoring",
        lead_organisation="Derbyshire Constabulary",
        status=ActionStatus.DONE,
    )
    report = check_page(browser_page, seeded_live_server.url + "/strategy-and-charter/action-plan/")
    assert report.ok, report.summary()
    bar = browser_page.get_by_role("progressbar", name="Priority 4 actions done")
    assert bar.get_attribute("aria-valuetext") == "1 of 2 done, 1 in progress, 0 planned"
