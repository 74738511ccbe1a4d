"""Search in a community language: pages in that language, and English pages that have no
translation in it (the English fallback); never another language's pages."""

import pytest

from home.factories import publish_translation

pytestmark = pytest.mark.django_db


def result_links(client, path):
    content = client.get(path, HTTP_HOST="localhost").content.decode()
    return [line for line in content.splitlines() if "bpt-search-result__title" in line]


def test_search_finds_the_visitors_language_with_english_as_fallback(home, make_page, client):
    translated = make_page("Volunteering", introduction="Volunteering in Derbyshire", slug="volunteering")
    make_page("Volunteering events", introduction="Volunteering events near you", slug="volunteering-events")
    publish_translation(
        translated, "pl", title="Wolontariat", introduction="Wolontariat w Derbyshire Volunteering"
    )
    publish_translation(translated, "ro", title="Voluntariat", introduction="Voluntariat Volunteering")

    polish = result_links(client, "/pl/search/?q=volunteering")
    assert len(polish) == 2
    polish_text = "\n".join(polish)
    # The Polish translation, not its English source, and the untranslated English page, marked as English.
    assert 'href="/pl/volunteering/">Wolontariat<' in polish_text
    assert 'href="/pl/volunteering-events/" lang="en-GB">Volunteering events<' in polish_text
    assert "Voluntariat" not in polish_text

    english = "\n".join(result_links(client, "/search/?q=volunteering"))
    assert "Wolontariat" not in english and "Voluntariat" not in english
    assert 'href="/volunteering/">Volunteering<' in english
    assert "lang=" not in english


def test_a_draft_translation_leaves_the_english_page_in_the_results(home, make_page, client):
    page = make_page("Hate crime", introduction="Report hate crime", slug="hate-crime")
    draft = publish_translation(page, "ur", title="نفرت پر مبنی جرم")
    draft.unpublish()
    links = "\n".join(result_links(client, "/ur/search/?q=hate+crime"))
    assert 'href="/ur/hate-crime/" lang="en-GB">Hate crime<' in links
