import pytest
import wagtail_factories

from events.factories import EventCategoryFactory, EventIndexPageFactory


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def music(db):
    return EventCategoryFactory(name="Music", slug="music")


@pytest.fixture
def sport(db):
    return EventCategoryFactory(name="Sport", slug="sport")


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Poster", file__width=1600, file__height=1200)
