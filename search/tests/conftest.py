import pytest

from wagtail.models import Page, Site

from home.factories import HomePageFactory


@pytest.fixture
def home(db):
    """A home page as the default site's root, with nothing else in the tree."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Bringing People Together", slug="hub-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    Site.clear_site_root_paths_cache()
    return home
