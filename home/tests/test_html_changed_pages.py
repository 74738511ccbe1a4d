"""The pages issue 14 changed pass the Nu Html Checker: contents lists, the historic notice, the
accessibility statement, the action plan's two states and the search page's spelling messages."""

import pytest

from testing.html_validator import validate_documents

pytestmark = [pytest.mark.django_db, pytest.mark.html_validity]

PAGES = [
    "/",
    "/about/",
    "/accessibility-statement/",
    "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/",
    "/strategy-and-charter/action-plan/",
    "/guidance/voluntary-and-community-sector/",
    "/search/?q=comunity",
    "/search/?q=volunteering+near+me",
    "/search/?q=volunteering",
]


def test_the_changed_pages_have_valid_html(seeded_site, client):
    documents = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        documents[path] = response.content.decode()
    errors = validate_documents(documents)
    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())
