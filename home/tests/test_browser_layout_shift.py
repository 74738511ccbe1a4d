"""No page moves as it loads: the cumulative layout shift (the browser's own layout-shift entries)
stays under 0.01 on every page type, on a phone and a desktop, even when the script arrives after
the first paint; and every image carries its width and height."""

import time

import pytest

from testing.pages import urls_to_check

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      const nodes = entry.sources.map((source) => source.node && source.node.className);
      window.layoutShifts.push({value: entry.value, nodes});
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""
# Long enough for the page to paint before the script runs, as on a slow connection.
SCRIPT_DELAY_SECONDS = 0.4


def delay_the_script(route):
    time.sleep(SCRIPT_DELAY_SECONDS)
    route.continue_()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_page_type_shifts_its_layout_while_loading(seeded_live_server, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(RECORD_SHIFTS)
    context.route("**/dist/js/main.js", delay_the_script)
    page = context.new_page()
    shifted, unsized, images = [], [], 0
    for label, path, _status in urls_to_check():
        page.goto(seeded_live_server.url + path, wait_until="networkidle")
        # The script has run: GOV.UK's components are set up (and so could have moved things).
        page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
        page.wait_for_timeout(100)
        shifts = page.evaluate("window.layoutShifts")
        if sum(shift["value"] for shift in shifts) >= 0.01:
            shifted.append(f"{label} ({path}): {shifts}")
        sizes = page.eval_on_selector_all(
            "img", "images => images.map(i => [i.src, i.getAttribute('width'), i.getAttribute('height')])"
        )
        images += len(sizes)
        unsized += [
            f"{label}: {src}" for src, img_width, img_height in sizes if not (img_width and img_height)
        ]
    context.close()
    assert not shifted, "\n".join(shifted)
    assert images > 0  # the seed's stories and events show pictures
    assert not unsized


def test_the_menu_starts_collapsed_on_a_phone_and_still_opens(seeded_live_server, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    context.route("**/dist/js/main.js", delay_the_script)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/about/", wait_until="commit")
    # Before the script has run the page already shows what the script will leave.
    page.wait_for_selector(".govuk-service-navigation__toggle", state="visible")
    assert not page.is_visible("#main-navigation")
    page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
    page.click(".govuk-service-navigation__toggle")
    assert page.is_visible("#main-navigation")
    assert page.get_attribute(".govuk-service-navigation__toggle", "aria-expanded") == "true"
    context.close()
