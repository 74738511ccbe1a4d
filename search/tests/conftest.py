import pytest

from django.core.cache import cache

from wagtail.models import Page, Site

from home.factories import HomePageFactory, StandardPageFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Synonyms and expiry times are cached; a rolled-back test must not leave its own behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """A home page as the default site's root, with nothing else in the tree."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Bringing People Together", slug="hub-home", hero_text="")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    Site.clear_site_root_paths_cache()
    return home


@pytest.fixture
def make_page(home):
    def make(title, introduction="", parent=None, **kwargs):
        return StandardPageFactory(parent=parent or home, title=title, introduction=introduction, **kwargs)

    return make
