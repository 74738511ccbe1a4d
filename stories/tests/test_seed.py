"""The seed content: a story index in the menu and example stories that show every feature,
clearly marked and removable with one command."""

import pytest

from django.core.management import call_command

from wagtail.images import get_image_model

from home.models import HomePage
from stories import seed
from stories.models import StoryIndexPage, StoryPage
from stories.signals import EXAMPLE_COLLECTION_NAME

pytestmark = pytest.mark.django_db


def test_story_index_is_in_the_menu_and_on_the_home_page(seeded_site, client):
    index = StoryIndexPage.objects.get()
    assert index.title == "Stories" and index.show_in_menus and index.live
    assert index.get_parent().pk == seeded_site.pk
    assert any(block.value["page"].pk == index.pk for block in seeded_site.entry_points)
    content = client.get("/").content.decode()
    assert f'href="{index.url}"' in content


def test_example_stories_show_every_feature(seeded_site):
    stories = list(StoryPage.objects.live().specific())
    assert len(stories) == len(seed.STORIES)
    for story in stories:
        assert story.is_example
        assert story.title.startswith("Example: ")
        assert story.has_consent_record
        assert story.hero_image.collection.name == EXAMPLE_COLLECTION_NAME
        assert story.hero_alt_text and story.hero_credit
        assert story.areas.exists() and story.themes.exists() and story.priority
        assert "invented example" in str(story.body)
        assert any(block.block_type == "quote" and block.value["attribution"] for block in story.body)
    assert any(story.related_links.exists() for story in stories)
    assert any(story.get_involved_page for story in stories)
    assert any(story.get_involved_url for story in stories)
    assert any(story.get_involved_email for story in stories)
    assert any(story.get_involved_phone for story in stories)


def test_seed_images_are_generated_not_downloaded(seeded_site):
    image = StoryPage.objects.first().hero_image
    assert (image.width, image.height) == (1600, 900)


def test_loading_the_seed_again_adds_nothing(seeded_site):
    images = get_image_model().objects.count()
    call_command("load_seed_content", verbosity=0)
    assert StoryPage.objects.count() == len(seed.STORIES)
    assert StoryIndexPage.objects.count() == 1
    assert get_image_model().objects.count() == images
    home = HomePage.objects.get(pk=seeded_site.pk)
    assert sum(block.value["page"].specific_class is StoryIndexPage for block in home.entry_points) == 1


def test_remove_example_content_deletes_the_stories_and_their_images(seeded_site, client):
    images = get_image_model().objects
    example_images = images.filter(collection__name=EXAMPLE_COLLECTION_NAME)
    assert example_images.count() >= len(seed.STORIES)
    real_image = images.create(title="Real photo", file=StoryPage.objects.first().hero_image.file)
    call_command("remove_example_content", verbosity=0)
    assert not StoryPage.objects.exists()
    assert StoryIndexPage.objects.exists()
    assert not example_images.exists()
    assert images.filter(pk=real_image.pk).exists()
    content = client.get("/").content.decode()
    assert 'id="latest-stories-heading"' not in content


def test_home_page_shows_the_latest_three_stories(seeded_site, client):
    content = client.get("/").content.decode()
    assert 'id="latest-stories-heading"' in content
    newest = list(StoryPage.objects.live().newest_first()[:4])
    for story in newest[:3]:
        assert story.title in content
    assert newest[3].title not in content
