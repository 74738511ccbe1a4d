"""The built front end (static/dist, from `npm run build`) carries every GOV.UK style and script
component the templates use, and nothing of GOV.UK's script they do not, within the size budgets:
JavaScript under 20 KB compressed, a text page's HTML, CSS and JavaScript under 60 KB."""

import gzip
import os
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(settings.BASE_DIR)
DIST = ROOT / "static" / "dist"
GOVUK_CSS = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
SKIPPED_DIRS = {"node_modules", "dist", "staticfiles", "media", "tests", "testing", "benchmarks"}

JS_BUDGET = 20 * 1024
TEXT_PAGE_BUDGET = 60 * 1024


def compressed_size(data):
    # gzip: the larger of the encodings the hub serves (brotli and zstd come out smaller).
    return len(gzip.compress(data, compresslevel=6))


def source_files():
    """Templates, Python and the hub's own scripts: wherever a GOV.UK class or module is named."""
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_DIRS and not name.startswith(".")]
        for path in (Path(folder) / name for name in names):
            if path.suffix in {".html", ".py"} or (path.suffix in {".js", ".mjs"} and "static" in path.parts):
                yield path


def sources_text():
    return "\n".join(path.read_text(errors="ignore") for path in source_files())


def has_class(css, name):
    return re.search(r"\." + re.escape(name).replace("!", r"\\!") + r"(?![\w-])", css) is not None


def test_every_govuk_class_the_templates_use_is_compiled():
    full, ours = GOVUK_CSS.read_text(), (DIST / "css" / "main.css").read_text()
    used = set(re.findall(r"govuk-[a-z0-9!_-]*[a-z0-9]", sources_text()))
    styled_by_govuk = {name for name in used if has_class(full, name)}
    assert len(styled_by_govuk) > 100  # the scan found the templates
    missing = sorted(name for name in styled_by_govuk if not has_class(ours, name))
    assert not missing, f"add these components to static/scss/main.scss: {missing}"


def test_the_css_leaves_out_govuk_components_no_template_uses():
    css = (DIST / "css" / "main.css").read_text()
    assert has_class(css, "govuk-service-navigation")
    for unused in ["govuk-accordion", "govuk-cookie-banner", "govuk-tabs", "govuk-task-list"]:
        assert not has_class(css, unused), unused


def test_the_script_initialises_exactly_the_govuk_components_the_templates_mark():
    marked = set(re.findall(r'data-module="(govuk-[a-z-]+)"', sources_text()))
    bundled = set(re.findall(r'moduleName="(govuk-[a-z-]+)"', (DIST / "js" / "main.js").read_text()))
    assert "govuk-service-navigation" in marked
    assert bundled == marked


def test_javascript_stays_within_its_budget():
    scripts = [DIST / "js" / "main.js", DIST / "js" / "js-enabled.js"]
    assert "sourceMappingURL" in scripts[0].read_text()[-100:]  # built by esbuild, minified
    assert sum(compressed_size(path.read_bytes()) for path in scripts) < JS_BUDGET


def test_a_text_page_with_its_css_and_javascript_stays_within_budget(seeded_site, client):
    from guidance.models import GuidanceNotePage

    note = GuidanceNotePage.objects.live().first()
    html = client.get(note.url).content
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"|<script[^>]* src="([^"]+)"', html)
    paths = [(link or script).decode() for link, script in assets]
    assert len(paths) >= 3  # the stylesheet, the early script and the bundle
    files = [Path(finders.find(path.removeprefix(settings.STATIC_URL))) for path in paths]
    total = compressed_size(html) + sum(compressed_size(path.read_bytes()) for path in files)
    assert total < TEXT_PAGE_BUDGET, f"{total} bytes for {note.url} and {paths}"
