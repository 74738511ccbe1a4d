"""Browser test harness: Debian's Chromium via Playwright, axe-core from npm, console capture."""

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Without these Chromium keeps calling home, and this closed network refuses it loudly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def launch_chromium():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    return playwright, browser


@dataclass
class PageReport:
    url: str
    violations: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)

    def summary(self):
        lines = [f"{self.url}:"]
        for violation in self.violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            lines.append(f"  axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        lines += [f"  console: {message}" for message in self.console_errors]
        return "\n".join(lines)

    @property
    def ok(self):
        return not self.violations and not self.console_errors


def run_axe(page):
    """Inject axe-core and return its WCAG 2.2 A/AA violations for the current page."""
    # Evaluated through DevTools rather than added as a <script>: the site's Content-Security-Policy
    # rightly refuses inline scripts, and would refuse axe's too.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def check_page(page, url, expected_status=200):
    """Load `url`, then report axe violations and console errors (failed sub-requests included)."""
    report = PageReport(url)

    def on_console(message):
        # The browser logs the document's own error status; that is checked below instead.
        if message.type == "error" and not (
            expected_status >= 400 and f"status of {expected_status}" in message.text
        ):
            report.console_errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.url != url:
            report.console_errors.append(f"HTTP {response.status} for {response.url}")

    def on_page_error(error):
        report.console_errors.append(str(error))

    listeners = {"console": on_console, "response": on_response, "pageerror": on_page_error}
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        response = page.goto(url, wait_until="networkidle")
        status = response.status if response else None
        if status != expected_status:
            report.console_errors.append(f"HTTP {status}, expected {expected_status}")
        report.violations = run_axe(page)
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    return report
