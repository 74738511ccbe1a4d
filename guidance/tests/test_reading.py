"""Reading long pages: a contents list from the headings with a way back to the top, and a
historic document that says which years it covers."""

import re

import pytest

from home.contents import add_anchors

pytestmark = pytest.mark.django_db

CHARTER_URL = "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/"
NOTE_URL = "/guidance/voluntary-and-community-sector/"
ACCESSIBILITY_URL = "/accessibility-statement/"


def contents_links(html):
    nav = re.search(r'<nav class="bpt-contents[^"]*" id="contents".*?</nav>', html, re.S)
    assert nav, "no contents list"
    return re.findall(r'<a class="govuk-link" href="#([^"]+)">([^<]+)</a>', nav[0])


def test_headings_get_unique_anchors_and_hidden_ones_are_left_out():
    html, sections = add_anchors(
        '<h2 class="govuk-heading-l">Why it matters</h2><h2 class="govuk-visually-hidden">Signed by</h2>'
        '<h2 id="kept">Our <em>values</em></h2><h2>Why it matters</h2>'
    )
    assert [(s.anchor, s.title) for s in sections] == [
        ("why-it-matters", "Why it matters"),
        ("kept", "Our values"),
        ("why-it-matters-2", "Why it matters"),
    ]
    assert '<h2 class="govuk-heading-l" id="why-it-matters">' in html and '<h2 id="why-it-matters-2">' in html


@pytest.mark.parametrize("url", [CHARTER_URL, NOTE_URL, ACCESSIBILITY_URL])
def test_long_pages_have_a_contents_list_of_their_sections_and_a_back_to_top_link(seeded_site, client, url):
    html = client.get(url).content.decode()
    links = contents_links(html)
    assert len(links) >= 3
    for anchor, _title in links:
        assert html.count(f'id="{anchor}"') == 1, anchor
    assert html.index('id="contents"') < html.index(f'id="{links[0][0]}"')
    assert '<a class="govuk-link govuk-link--no-visited-state" href="#contents">' in html


def test_the_charter_contents_list_names_its_sections(seeded_site, client):
    titles = [title for _anchor, title in contents_links(client.get(CHARTER_URL).content.decode())]
    assert titles[0] == "Introduction"
    assert "Our action plan" in titles and "Signed by" not in titles


def test_content_with_few_sections_gets_no_contents_list():
    from django.template import Context, Template

    template = Template("{% load hub_tags %}{% contents %}{{ body|safe }}{% endcontents %}")
    two = template.render(Context({"body": "<h2>One</h2><p>x</p><h2>Two</h2>"}))
    assert 'id="contents"' not in two and 'id="one"' in two
    three = template.render(Context({"body": "<h2>One</h2><h2>Two</h2><h2>Three</h2>"}))
    assert 'id="contents"' in three and 'href="#three"' in three


def test_a_strategy_past_its_end_year_says_which_years_it_covers(seeded_site, client):
    html = client.get(CHARTER_URL).content.decode()
    assert "This charter covers 2014 to 2016." in html
    assert 'class="govuk-notification-banner"' in html


def test_a_current_strategy_has_no_historic_notice(seeded_site, client):
    from guidance.models import StrategyPage

    charter = StrategyPage.objects.get()
    charter.period_end = None
    charter.save_revision().publish()
    html = client.get(CHARTER_URL).content.decode()
    assert "covers 2014" not in html and "govuk-notification-banner" not in html
