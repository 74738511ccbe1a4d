"""Story models: ordering, filters, validation, related stories and structured data."""

import datetime
import json

import pytest
import wagtail_factories

from django.core.exceptions import ValidationError

from wagtail.models import PageViewRestriction

from guidance.models import Priority
from stories.factories import StoryPageFactory, StoryRelatedLinkFactory
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def test_stories_are_newest_first_by_story_date(index):
    old = StoryPageFactory(parent=index, listing_date=datetime.date(2025, 1, 1))
    new = StoryPageFactory(parent=index, listing_date=datetime.date(2026, 6, 1))
    middle = StoryPageFactory(parent=index, listing_date=datetime.date(2025, 9, 1))
    assert list(index.stories()) == [new, middle, old]


def test_index_lists_only_live_public_stories(index):
    live = StoryPageFactory(parent=index)
    StoryPageFactory(parent=index, live=False)
    private = StoryPageFactory(parent=index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    assert list(index.stories()) == [live]


def test_area_and_theme_filters_narrow_the_queryset(index, erewash, high_peak, common_ground):
    in_erewash = StoryPageFactory(parent=index, areas=[erewash], themes=[common_ground])
    in_high_peak = StoryPageFactory(parent=index, areas=[high_peak])
    assert list(StoryPage.objects.in_area(erewash)) == [in_erewash]
    assert list(StoryPage.objects.in_area(high_peak)) == [in_high_peak]
    assert list(StoryPage.objects.about_theme(common_ground)) == [in_erewash]


def test_priority_lists_its_stories_through_story_pages(index):
    priority = Priority.objects.create(number=9, slug="test-priority", title="A test priority")
    story = StoryPageFactory(parent=index, priority=priority)
    StoryPageFactory(parent=index)
    assert list(priority.story_pages.all()) == [story]


def test_hero_image_needs_alt_text(index):
    story = StoryPageFactory(parent=index, with_image=True)
    story.hero_alt_text = "  "
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "hero_alt_text" in error.value.message_dict


def test_call_to_action_needs_a_way_in_and_only_one_link(index):
    story = StoryPageFactory(parent=index)
    story.get_involved_text = "Come along."
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "get_involved_text" in error.value.message_dict

    story.get_involved_url = "https://example.org/volunteer"
    story.get_involved_page = index
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "get_involved_url" in error.value.message_dict

    story.get_involved_page = None
    story.full_clean()
    assert story.get_involved_link == ("https://example.org/volunteer", "Find out how to get involved")


def test_related_stories_put_editor_choices_first_then_shared_area_or_theme(
    index, erewash, high_peak, common_ground
):
    story = StoryPageFactory(parent=index, areas=[erewash])
    chosen = StoryPageFactory(parent=index, areas=[high_peak], listing_date=datetime.date(2020, 1, 1))
    same_area = StoryPageFactory(parent=index, areas=[erewash])
    StoryPageFactory(parent=index, areas=[high_peak], themes=[common_ground])  # shares nothing
    StoryPageFactory(parent=index, areas=[erewash], live=False)  # draft
    StoryRelatedLinkFactory(page=story, story=chosen)

    assert story.related_stories() == [chosen, same_area]


def test_related_stories_stop_at_three(index, erewash):
    story = StoryPageFactory(parent=index, areas=[erewash])
    for _ in range(5):
        StoryPageFactory(parent=index, areas=[erewash])
    related = story.related_stories()
    assert len(related) == 3
    assert story not in related


def test_structured_data_is_an_article_that_cannot_close_its_script(index, erewash, common_ground):
    story = StoryPageFactory(
        parent=index,
        title="Lunch </script><script>alert(1)</script>",
        listing_date=datetime.date(2026, 3, 4),
        areas=[erewash],
        themes=[common_ground],
        with_image=True,
    )
    text = story.structured_data()
    assert "</script>" not in text
    data = json.loads(text)
    assert data["@type"] == "Article"
    assert data["headline"] == story.title
    assert data["datePublished"].startswith("2026-03-04")
    assert data["image"][0].startswith("http")
    assert data["contentLocation"] == [{"@type": "Place", "name": "Erewash"}]
    assert data["keywords"] == ["Common ground"]


def test_open_graph_image_prefers_the_social_image(index):
    story = StoryPageFactory(parent=index, with_image=True)
    assert story.open_graph_image == story.hero_image
    story.social_image = wagtail_factories.ImageFactory()
    assert story.open_graph_image == story.social_image


def test_example_stories_are_labelled_in_the_admin(index):
    story = StoryPageFactory(parent=index, title="Shared lunch", is_example=True)
    assert story.get_admin_display_title() == "[Example] Shared lunch"
