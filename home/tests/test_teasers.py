"""The home page learns about sections only through the `register_home_teaser` hook."""

import ast
import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.paginator import Paginator

from wagtail import hooks

from home.teasers import HOME_TEASER_HOOK, Teaser

CONTENT_APPS = {"guidance", "events", "stories", "search"}


def test_home_imports_no_content_app():
    home_dir = Path(settings.BASE_DIR) / "home"
    reaching_out = []
    for path in home_dir.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(home_dir).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            reaching_out += [f"{path.name}: {name}" for name in names if name.split(".")[0] in CONTENT_APPS]
    assert reaching_out == []


def pages_teaser(label):
    """A provider showing the shared pagination under `label`: a template that needs the page's
    own context (the request) as well as the teaser's."""

    def provider(home_page, request):
        page_obj = Paginator(range(30), 10).page(2)
        context = {"page_obj": page_obj, "label": f"{label} {home_page.title}"}
        return Teaser("includes/pagination.html", context)

    return provider


@pytest.mark.django_db
def test_teasers_appear_in_hook_order_and_empty_sections_are_left_out(client, home):
    with (
        hooks.register_temporarily(HOME_TEASER_HOOK, pages_teaser("Second"), order=-1),
        hooks.register_temporarily(HOME_TEASER_HOOK, lambda home_page, request: None, order=-2),
        hooks.register_temporarily(HOME_TEASER_HOOK, pages_teaser("First"), order=-3),
    ):
        response = client.get(home.url + "?page=2")
    assert response.status_code == 200
    labels = re.findall(r'<nav class="govuk-pagination" aria-label="([^"]+)"', response.content.decode())
    assert labels == [f"First {home.title}", f"Second {home.title}"]
    assert 'href="?page=3"' in response.content.decode()
