import pytest

from wagtail.models import Page, Site

from home.factories import AreaFactory, HomePageFactory, ThemeFactory
from stories.factories import StoryIndexPageFactory


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="test-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def index(home):
    return StoryIndexPageFactory(parent=home)


@pytest.fixture
def erewash(db):
    return AreaFactory(name="Erewash", slug="erewash")


@pytest.fixture
def high_peak(db):
    return AreaFactory(name="High Peak", slug="high-peak")


@pytest.fixture
def common_ground(db):
    return ThemeFactory(name="Common ground", slug="common-ground")


@pytest.fixture
def responsibility(db):
    return ThemeFactory(name="Responsibility", slug="responsibility")
