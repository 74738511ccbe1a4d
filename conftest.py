"""Fixtures shared by every app's tests, and the browser test harness.

Browser tests (marker `browser`) drive Debian's Chromium through Playwright against
pytest-django's live server, inject axe-core from node_modules into each page and
fail on any WCAG 2.2 A/AA violation or console error. Use the `browser_page`
fixture and `testing.browser.check_page`.
"""

import itertools
import os
import shutil

import pytest

from testing.browser import launch_chromium

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by fixtures in that thread are still synchronous, so Django's guard is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: Wagtail caches renditions by image id, and ids
    repeat between tests while each test's media folder is new."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English: a request under /pl/ leaves Polish active in its thread
    (LocaleMiddleware does not reset it), which would translate the next test's form messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# Model imports stay inside fixtures: this file loads before Django is set up.


@pytest.fixture
def home(db):
    """A bare home page as the default site's root, for tests that build their own tree."""
    from wagtail.models import Page, Site

    from home.factories import HomePageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="test-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    return home


# Taxonomy terms several apps' tests filter by.
@pytest.fixture
def erewash(db):
    from home.factories import AreaFactory

    return AreaFactory(name="Erewash", slug="erewash")


@pytest.fixture
def high_peak(db):
    from home.factories import AreaFactory

    return AreaFactory(name="High Peak", slug="high-peak")


@pytest.fixture
def common_ground(db):
    from home.factories import ThemeFactory

    return ThemeFactory(name="Common ground", slug="common-ground")


@pytest.fixture
def responsibility(db):
    from home.factories import ThemeFactory

    return ThemeFactory(name="Responsibility", slug="responsibility")


@pytest.fixture
def role_user(db, django_user_model):
    """Make a user holding one of the hub's roles (home.roles): role_user("Moderators")."""
    from django.contrib.auth.models import Group

    def make(role, username=None, **fields):
        username = username or role.lower().rstrip("s")
        user = django_user_model.objects.create_user(username, f"{username}@example.gov.uk", "pw", **fields)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def signed_in(client):
    """Sign the test client into the admin as someone who passed the second step too:
    signed_in(user). The second factor stays on; see testing/auth.py."""
    from testing.auth import sign_in

    return lambda user: sign_in(client, user)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client (a superuser), signed in with the second step passed too."""
    from testing.auth import sign_in

    return sign_in(client, admin_user)


@pytest.fixture(scope="module")
def _seed_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed content, built once per test module inside a transaction rolled back after it.

    Each test's own transaction is a savepoint inside this one (as with Django's
    setUpTestData), so what a test changes is undone before the next. Returns the folder
    holding the seed's media files."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_seed_content", verbosity=0)
        except BaseException:
            outer.__exit__(None, None, None)
            raise
    yield media
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def seeded_site(request, _seed_for_module, db, settings):
    """The hub as `make run` builds it: every seeded page type, settings and taxonomies."""
    from home.models import HomePage

    assert "transactional_db" not in request.fixturenames, "use seeded_live_server in transactional tests"
    # A copy of the seed's files, so a test that deletes some leaves them for the next.
    shutil.copytree(_seed_for_module, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return HomePage.objects.get(depth=2)


@pytest.fixture(scope="session")
def _chromium_before_database(request):
    """Start the browser before the test database when browser tests will run.

    Playwright's event loop gives the test thread a new context, and Django keeps
    database connections per context: the test database must be set up inside it,
    or serialized rollback (below) finds nothing to restore.
    """
    if any(item.get_closest_marker("browser") for item in request.session.items):
        request.getfixturevalue("chromium")


@pytest.fixture(scope="session")
def django_db_setup(_chromium_before_database, django_db_setup):
    """pytest-django's database set-up, after the browser when there is one."""


@pytest.fixture(scope="session")
def chromium():
    playwright, browser = launch_chromium()
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded_live_server(django_db_serialized_rollback, transactional_db, live_server):
    """A live server holding the seed content, for browser tests.

    Serialized rollback restores what migrations created (locale, root page, groups),
    which a transactional test's flush would otherwise delete."""
    from django.core.management import call_command

    call_command("load_seed_content", verbosity=0)
    return live_server


def pytest_collection_modifyitems(items):
    """Within each module's run of tests, those that use the seed content go last: once built
    (see _seed_for_module), it stays in the database until the module's last test. Runs after
    pytest-django's ordering (database tests, then transactional ones, then the rest) and keeps it."""
    ordered = []
    for _module, run in itertools.groupby(items, key=lambda item: getattr(item, "module", None)):
        ordered += sorted(run, key=lambda item: "seeded_site" in item.fixturenames)
    items[:] = ordered
