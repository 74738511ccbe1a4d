"""Relevance on the seeded hub: what residents type, and the page that must be in the top three.

The queries are written as people search (plain words, misspellings, whole questions), from the
seed documents: the charter, its action plan, the guidance note, the site's own pages and events.
One seeded site serves every query; a failure lists every query that missed, with what came first.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

CHARTER = "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/"
ACTION_PLAN = "/strategy-and-charter/action-plan/"
NOTE = "/guidance/voluntary-and-community-sector/"
HOME = "/"

# (what a resident types, the page that must be among the first three results)
QUERIES = [
    # The charter: its factors, values and priorities.
    ("hate crime", CHARTER),
    ("social mobility", CHARTER),
    ("integration factors", CHARTER),
    ("tackling intolerance and extremism", CHARTER),
    ("charter values", CHARTER),
    ("belonging to the city", CHARTER),
    ("impacts of migration", CHARTER),
    ("vulnerable and isolated", CHARTER),
    ("cohesion charter 2014", CHARTER),
    # The action plan and who leads it.
    ("action plan", ACTION_PLAN),
    ("leadership group", ACTION_PLAN),
    ("what are partners doing about hate crime", ACTION_PLAN),
    # The guidance note, ahead of example stories that mention the same words.
    ("keystone", NOTE),
    ("extremism", NOTE),
    ("volunteering", NOTE),
    ("volunteering near me", NOTE),
    ("what is community cohesion", NOTE),
    ("guidance for community groups", NOTE),
    # Misspellings.
    ("comunity", NOTE),
    ("voluntering", NOTE),
    ("chartr", CHARTER),
    ("extremisim", NOTE),
    # Reporting and the site's own pages.
    ("report a concern", HOME),
    ("report a hate crime", "/events/understanding-hate-crime-and-how-to-report-it/"),
    ("accessibility", "/accessibility-statement/"),
    ("privacy", "/privacy-notice/"),
    ("cookies", "/cookies/"),
    ("submit an event", "/events/submit-an-event/"),
    # Events by what people need, in plain words (inclusion, language, audience, place).
    ("events for young people", "/events/youth-football-tournament/"),
    ("BSL", "/events/neighbourhood-forum-your-area-your-say/"),
    ("British Sign Language", "/events/neighbourhood-forum-your-area-your-say/"),
    ("hearing loop", "/events/conversation-cafe/"),
    ("wheelchair accessible swimming", "/events/womens-swim-and-wellbeing-session/"),
    ("step free food festival", "/events/multicultural-food-festival/"),
    ("step-free craft drop-in", "/events/half-term-craft-drop-in/"),
    ("Polish", "/events/conversation-cafe/"),
    ("women only swimming", "/events/womens-swim-and-wellbeing-session/"),
]

RESULT_LINK = re.compile(r'bpt-search-result__title"><a class="govuk-link" href="([^"]*)"')


def top_results(client, query, count=3):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())[:count]


def test_there_are_at_least_thirty_resident_queries():
    assert len(QUERIES) >= 30
    assert len({query for query, _page in QUERIES}) == len(QUERIES)


def test_each_resident_query_finds_its_page_in_the_top_three(seeded_site, client):
    misses = []
    for query, expected in QUERIES:
        found = top_results(client, query)
        if expected not in found:
            misses.append(f"{query!r}: wanted {expected}, got {found}")
    assert not misses, "\n".join(misses)


def results(client, query):
    """[(address, labelled as an example, labelled as a past event)] in the order shown."""
    html = client.get("/search/", {"q": query}).content.decode()
    items = re.findall(r'<li class="bpt-search-result.*?</li>', html, re.S)
    return [
        (RESULT_LINK.search(item).group(1), ">Example</strong>" in item, ">Past event</strong>" in item)
        for item in items
    ]


def test_real_content_ranks_above_example_content_for_the_same_words(seeded_site, client):
    """The example stories mention Keystone, extremism and volunteering too, some more often.
    (Past events come last of all, real or not.)"""
    for query in ("keystone", "extremism", "volunteering"):
        found = [(url, example) for url, example, past in results(client, query) if not past]
        examples = [index for index, (_url, example) in enumerate(found) if example]
        real = [index for index, (_url, example) in enumerate(found) if not example]
        assert (NOTE, False) in found and examples, (query, found)
        assert max(real) < min(examples), (query, found)


def test_a_misspelling_shows_results_for_the_correction_and_says_so(seeded_site, client):
    html = client.get("/search/", {"q": "comunity"}).content.decode()
    assert "No results for “comunity”, so these are for “community”." in html
    assert NOTE in RESULT_LINK.findall(html)


def test_no_page_with_every_word_shows_pages_with_some_and_says_so(seeded_site, client):
    html = client.get("/search/", {"q": "volunteering near me"}).content.decode()
    assert "No page has all of those words. These pages have some of them." in html
    assert NOTE in RESULT_LINK.findall(html)


def test_example_results_are_labelled(seeded_site, client):
    found = results(client, "volunteering")
    assert all(example for url, example, _past in found if "/stories/example-" in url)
    assert any(example for url, example, _past in found if "/stories/example-" in url)
    assert (NOTE, False, False) in found
