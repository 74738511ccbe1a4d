import json
import pytest
from testing.pages import urls_to_check
pytestmark = pytest.mark.browser

INIT = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__shifts.push({value: e.value, recent: e.hadRecentInput,
    sources: (e.sources||[]).map(s => (s.node ? (s.node.nodeName + '.' + (s.node.className||'')) : '?') + ' ' + JSON.stringify(s.previousRect) + '->' + JSON.stringify(s.currentRect))});
}).observe({type: 'layout-shift', buffered: true});
"""

@pytest.mark.parametrize("width", [375, 1280])
def test_probe(seeded_live_server, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(INIT)
    page = context.new_page()
    for label, path, _ in urls_to_check():
        page.goto(seeded_live_server.url + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        shifts = page.evaluate("window.__shifts")
        total = sum(s["value"] for s in shifts)
        print(f"{width} {label} {path} CLS={total:.4f}")
        for s in shifts:
            print("   ", json.dumps(s)[:600])
    context.close()
