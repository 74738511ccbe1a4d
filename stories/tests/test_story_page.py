"""A story page as readers, search engines and social networks see it."""

import datetime
import json
import re

import pytest

from guidance.models import Priority
from home.factories import StandardPageFactory
from stories.factories import StoryPageFactory, StoryRelatedLinkFactory

pytestmark = pytest.mark.django_db


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def story(index, erewash, common_ground):
    priority = Priority.objects.create(number=2, slug="belonging", title="Develop a sense of belonging")
    return StoryPageFactory(
        parent=index,
        title="Shared lunch",
        summary="Neighbours cook for each other.",
        listing_date=datetime.date(2026, 3, 14),
        areas=[erewash],
        themes=[common_ground],
        priority=priority,
        organisation_name="Long Eaton Lunch Club",
        organisation_url="https://example.org/lunch",
        with_image=True,
        hero_alt_text="People sharing a meal at long tables.",
        hero_caption="Lunch in the church hall.",
        hero_credit="Photo: Lunch Club",
        body=[
            ("paragraph", "<p>Every month the hall fills up.</p>"),
            ("quote", {"quote": "I know my neighbours now.", "attribution": "A guest", "source": ""}),
        ],
        consent_people="Sam Smith and the lunch club guests pictured",
        consent_limits="No surnames",
    )


def test_story_shows_date_summary_body_and_pull_quote(client, story):
    content = get(client, story)
    assert "<h1" in content and "Shared lunch" in content
    assert '<time datetime="2026-03-14">14 March 2026</time>' in content
    assert "Neighbours cook for each other." in content
    assert "Every month the hall fills up." in content
    assert "I know my neighbours now." in content
    assert "<figcaption>A guest</figcaption>" in content


def test_hero_image_has_alt_text_caption_credit_and_responsive_sources(client, story):
    content = get(client, story)
    hero = re.search(r'<figure class="bpt-figure bpt-story__hero">(.*?)</figure>', content, re.S).group(1)
    img = re.search(r"<img [^>]+>", hero).group(0)
    assert 'alt="People sharing a meal at long tables."' in img
    assert 'width="640"' in img and 'height="360"' in img
    assert "1280w" in img
    assert 'loading="lazy"' not in img  # at the top of the page, so fetched at once
    assert 'type="image/webp"' in hero
    assert "<figcaption>Lunch in the church hall. Photo: Lunch Club</figcaption>" in hero


def test_story_links_its_areas_and_themes_to_the_filtered_index(client, index, story):
    content = get(client, story)
    assert f'href="{index.url}?area=erewash">Erewash</a>' in content
    assert f'href="{index.url}?theme=common-ground">Common ground</a>' in content
    assert "Priority 2: Develop a sense of belonging" in content
    assert '<a class="govuk-link" href="https://example.org/lunch">Long Eaton Lunch Club</a>' in content


def test_get_involved_offers_the_page_link_email_and_phone(client, home, index):
    volunteer_page = StandardPageFactory(parent=home, title="Volunteer with us")
    story = StoryPageFactory(
        parent=index,
        get_involved_text="The club needs cooks.",
        get_involved_page=volunteer_page,
        get_involved_email="club@example.org",
        get_involved_phone="01629 538254",
    )
    content = get(client, story)
    section = re.search(r'<section class="bpt-panel bpt-get-involved".*?</section>', content, re.S).group(0)
    assert "The club needs cooks." in section
    assert f'href="{volunteer_page.url}">Volunteer with us</a>' in section
    assert 'href="mailto:club@example.org"' in section
    assert 'href="tel:01629538254"' in section


def test_story_without_a_call_to_action_has_no_get_involved_section(client, index):
    content = get(client, StoryPageFactory(parent=index))
    assert "get-involved-heading" not in content


def test_related_stories_are_shown_as_cards(client, index, story):
    other = StoryPageFactory(parent=index, title="Welcome walk")
    StoryRelatedLinkFactory(page=story, story=other)
    content = get(client, story)
    assert 'id="related-stories-heading"' in content
    assert f'href="{other.url}">Welcome walk</a></h3>' in content


def test_open_graph_article_with_the_hero_image_and_article_json_ld(client, story):
    content = get(client, story)
    assert '<meta property="og:type" content="article">' in content
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', content).group(1)
    assert og_image.startswith("http://testserver/") and "fill-1200x630" in og_image
    assert '<meta property="og:image:alt" content="People sharing a meal at long tables.">' in content
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    data = json.loads(json_ld)
    assert data["@type"] == "Article"
    assert data["headline"] == "Shared lunch"
    assert data["url"] == story.full_url


def test_consent_record_never_reaches_the_public_page(client, story):
    content = get(client, story)
    assert "Sam Smith" not in content
    assert "No surnames" not in content


def test_example_stories_carry_the_example_notice(client, index):
    example = StoryPageFactory(parent=index, is_example=True)
    real = StoryPageFactory(parent=index)
    assert "It is not a real story." in get(client, example)
    assert "It is not a real story." not in get(client, real)
