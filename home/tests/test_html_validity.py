"""The HTML of every page type passes the Nu Html Checker with zero errors."""

import pytest

from testing.html_validator import validate_documents
from testing.pages import LANGUAGES_TO_CHECK, one_page_per_type, project_page_models, urls_to_check

pytestmark = [pytest.mark.django_db, pytest.mark.html_validity]


def test_every_page_type_is_seeded(seeded_site):
    """The browser and HTML suites visit one seeded page per type, so each type needs one."""
    missing = [model.__name__ for model in project_page_models() if model not in one_page_per_type()]
    assert not missing


def test_every_page_type_has_valid_html(seeded_site, client):
    documents = {}
    for label, path, status in urls_to_check(languages=LANGUAGES_TO_CHECK):
        response = client.get(path)
        assert response.status_code == status, path
        documents[f"{label} ({path})"] = response.content.decode()
    errors = validate_documents(documents)
    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())


def test_validator_reports_invalid_html():
    errors = validate_documents({"broken": "<!DOCTYPE html><html lang=en><title>x</title><p><div></span>"})
    assert "broken" in errors
