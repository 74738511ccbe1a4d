import pytest

from stories.factories import StoryIndexPageFactory


@pytest.fixture
def index(home):
    return StoryIndexPageFactory(parent=home)
