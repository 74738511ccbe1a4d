"""Renditions are made when a page is published (home.renditions), so page views and listings
never make one: after warming, rendering writes nothing to the database."""

import pytest
import wagtail_factories
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Rendition

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import StandardPageFactory
from home.models import SiteSettings
from home.renditions import warm_page
from stories.factories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_while_rendering(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


def image():
    return wagtail_factories.ImageFactory(file__width=1600, file__height=1000)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def story(home):
    SiteSettings.load()
    index = StoryIndexPageFactory(parent=home)
    story = StoryPageFactory(
        parent=index,
        hero_image=image(),
        hero_alt_text="People at a long table.",  # also its Open Graph image
        body=[("image", {"image": image(), "alt_text": "A banner", "caption": ""})],
    )
    return publish(story)


def test_a_story_and_the_pages_listing_it_render_without_writing_after_warming(client, home, story):
    about = publish(StandardPageFactory(parent=home, slug="about", social_image=image()))
    warm_page(story)
    warm_page(about)
    made = Rendition.objects.count()
    assert made >= 12
    for path in (story.url, story.get_parent().url, "/", about.url):
        assert writes_while_rendering(client, path) == [], path
    assert Rendition.objects.count() == made


def test_without_warming_a_story_view_would_make_renditions(client, story):
    """The check above can fail: an unwarmed page writes renditions while rendering."""
    assert writes_while_rendering(client, story.url) != []


def test_an_event_and_the_listing_render_without_writing_after_warming(client, home):
    SiteSettings.load()
    index = EventIndexPageFactory(parent=home)
    event = publish(EventPageFactory(parent=index, image=image(), image_alt="A poster"))
    warm_page(event)
    for path in (event.url, index.url):
        assert writes_while_rendering(client, path) == [], path


def test_publishing_queues_the_warming_in_the_background(home, django_capture_on_commit_callbacks):
    index = StoryIndexPageFactory(parent=home)
    story = StoryPageFactory(parent=index, hero_image=image(), hero_alt_text="A table.")
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    task = DBTaskResult.objects.get(task_path="home.renditions.warm_page_renditions")
    assert task.args_kwargs["args"] == [story.pk]
