"""The whole-page cache for anonymous visitors (home.page_cache): what it keeps, what it never
keeps, and every change that purges it."""

import gzip

import brotli
import pytest

from django.contrib.auth.models import Group

from events.factories import EventCategoryFactory, EventIndexPageFactory, SubmitEventPageFactory
from events.moderation import approve
from guidance.factories import PriorityActionFactory, PriorityFactory
from home.factories import AreaFactory, StandardPageFactory, ThemeFactory
from home.models import SiteSettings
from home.page_cache import HIT_HEADER
from stories.factories import StoryIndexPageFactory, StoryPageFactory
from testing.auth import sign_in

# Also run against a real Redis in `make test-redis` (-m cache).
pytestmark = [pytest.mark.django_db, pytest.mark.cache]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def about(home):
    SiteSettings.load()  # created on first use, which would purge the cache mid-test
    return StandardPageFactory(parent=home, title="About the hub", slug="about")


def get(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response


def cached(client, path, **kwargs):
    """Whether the page came from the cache (rendered afresh otherwise)."""
    return get(client, path, **kwargs).get(HIT_HEADER) == "hit"


def test_a_cached_page_is_served_with_no_database_query(client, about, django_assert_num_queries):
    first = get(client, "/about/")
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/about/")
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "public" in second["Cache-Control"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_a_hit_skips_the_session_and_csrf_middleware(client, about):
    get(client, "/about/")
    hit = get(client, "/about/")
    assert hit[HIT_HEADER] == "hit"
    # Both would add "Cookie" to Vary had they run on this response.
    assert hit.wsgi_request.__dict__.get("session") is None
    assert not hasattr(hit.wsgi_request, "user")


def test_head_is_answered_from_the_cache_without_a_body(client, about):
    page = get(client, "/about/")
    head = client.head("/about/")
    assert head[HIT_HEADER] == "hit" and head.content == b""
    assert head["Content-Length"] == str(len(page.content))


def test_each_compression_is_cached_separately_and_decodes_to_the_page(client, about):
    plain = get(client, "/about/").content
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        first = get(client, "/about/", headers={"accept-encoding": encoding})
        again = get(client, "/about/", headers={"accept-encoding": encoding})
        assert first["Content-Encoding"] == again["Content-Encoding"] == encoding
        assert again[HIT_HEADER] == "hit"
        assert decode(again.content) == plain


def test_query_strings_are_cached_apart_but_their_order_does_not_matter(client, about):
    get(client, "/about/?a=1&b=2")
    assert cached(client, "/about/?b=2&a=1")
    assert not cached(client, "/about/?a=1&b=3")
    assert not cached(client, "/about/")


def test_signed_in_editors_never_get_or_fill_the_cache(client, about, admin_user):
    get(client, "/about/")
    sign_in(client, admin_user)
    response = get(client, "/about/")
    assert HIT_HEADER not in response and "private" in response["Cache-Control"]
    client.logout()
    assert cached(client, "/about/")


def test_previews_are_never_cached(client, about, admin_user):
    sign_in(client, admin_user)
    for _ in range(2):
        response = get(client, f"/admin/pages/{about.pk}/edit/preview/?mode=")
        assert HIT_HEADER not in response


def test_a_page_with_a_per_visitor_form_is_never_cached(client, home):
    index = EventIndexPageFactory(parent=home)
    submit = SubmitEventPageFactory(parent=index)
    for _ in range(2):
        response = get(client, submit.url)
        assert HIT_HEADER not in response and "private" in response["Cache-Control"]


def test_search_with_a_query_is_never_cached(client, about):
    for _ in range(2):
        response = get(client, "/search/?q=hub")
        assert HIT_HEADER not in response


def test_the_page_cache_can_be_switched_off(client, about, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(client, "/about/")
    assert not cached(client, "/about/")


# --- purges -----------------------------------------------------------------------------


def test_publishing_a_page_shows_the_new_version_at_once(client, about):
    assert "About the hub" in get(client, "/about/").content.decode()
    about.title = "About us"
    about.save_revision().publish()
    content = get(client, "/about/").content.decode()
    assert "About us" in content


def test_unpublishing_moving_and_deleting_a_page_purge_it(client, home, about):
    other = StandardPageFactory(parent=home, title="Other", slug="other")
    get(client, "/about/")
    about.unpublish()
    assert client.get("/about/").status_code == 404

    about.save_revision().publish()
    get(client, "/about/")
    about.move(other, pos="last-child")
    assert client.get("/about/").status_code == 301  # Wagtail's automatic redirect to the new place

    get(client, "/other/")
    other.delete()
    assert client.get("/other/").status_code == 404


def test_a_saved_draft_purges_nothing(client, about):
    get(client, "/about/")
    about.title = "Not yet"
    about.save_revision()
    assert cached(client, "/about/")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: AreaFactory(name="Amber Valley", slug="amber-valley"), id="area"),
        pytest.param(lambda: ThemeFactory(name="Belonging", slug="belonging"), id="theme"),
        pytest.param(lambda: EventCategoryFactory(name="Music", slug="music"), id="event category"),
        pytest.param(lambda: PriorityFactory(), id="priority"),
        pytest.param(lambda: PriorityActionFactory(priority=PriorityFactory()), id="priority action"),
    ],
)
def test_editing_a_snippet_pages_show_purges_the_cache(client, about, change):
    get(client, "/about/")
    change()
    assert not cached(client, "/about/")


def test_deleting_a_snippet_purges_the_cache(client, about):
    area = AreaFactory(name="Amber Valley", slug="amber-valley")
    get(client, "/about/")
    area.delete()
    assert not cached(client, "/about/")


def test_switching_on_the_notice_banner_shows_it_on_cached_pages(client, about):
    get(client, "/about/")
    site_settings = SiteSettings.load()
    site_settings.notice_enabled = True
    site_settings.notice_title = "Roads closed in Matlock"
    site_settings.notice_text = "<p>Find another way.</p>"
    site_settings.save()
    assert "Roads closed in Matlock" in get(client, "/about/").content.decode()


def test_publishing_a_story_updates_the_home_page_story_index_and_feeds_at_once(client, home):
    SiteSettings.load()
    index = StoryIndexPageFactory(parent=home)
    StoryPageFactory(parent=index, title="Older story")
    paths = ["/", index.url, index.url + "feed/", index.url + "feed/atom/"]
    for path in paths:
        get(client, path)
        assert cached(client, path)
    story = StoryPageFactory.build(title="Lunch club opens", live=False)
    index.add_child(instance=story)
    story.save_revision().publish()
    for path in paths:
        response = get(client, path)
        assert response[HIT_HEADER] == "miss", path
        assert "Lunch club opens" in response.content.decode(), path


def test_approving_a_submission_purges_the_cache(client, home, django_user_model):
    from events.factories import EventSubmissionFactory

    index = EventIndexPageFactory(parent=home)
    get(client, index.url)
    submission = EventSubmissionFactory(title="Street party")
    moderator = django_user_model.objects.create_user("mo", "mo@example.gov.uk", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    approve(submission, moderator, publish=True)
    response = get(client, index.url)
    assert response[HIT_HEADER] == "miss"
    assert "Street party" in response.content.decode()


def test_hostile_headers_get_an_answer_never_a_500(client, about, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/about/", headers={"host": "evil.example"}).status_code == 400
    odd = {"accept-encoding": "br;q=x, " * 500, "accept-language": "zz-ZZ;q=@@, *;q=" * 200}
    for _ in range(2):
        assert client.get("/about/?" + "a=%FF&" * 300, headers=odd).status_code == 200


def test_a_purge_seen_by_another_worker_also_renews_its_menu(client, home, about):
    """Each worker has its own default cache; the shared purge must reach its cached menu too."""
    from wagtail.models import Page

    from home import page_cache

    Page.objects.filter(pk=about.pk).update(show_in_menus=True)
    assert ">About the hub<" in get(client, "/about/").content.decode()
    # Another worker renamed the page and purged: this worker's signals never ran.
    Page.objects.filter(pk=about.pk).update(title="About us")
    page_cache.bump_generation()
    content = get(client, "/about/").content.decode()
    assert "About the hub" not in content and ">About us<" in content


def test_the_shared_file_cache_keeps_values_as_plain_pickles(tmp_path):
    """The production default for pages and renditions (config.settings.base.shared_file_cache):
    every worker reads the same files, and nothing is unzipped on a hit."""
    from config.settings.base import shared_file_cache
    from home.cache import UncompressedFileCache

    settings_entry = shared_file_cache("pages", 100)
    assert settings_entry["BACKEND"] == "home.cache.UncompressedFileCache"
    writer, reader = (UncompressedFileCache(str(tmp_path), {}) for _ in range(2))
    page = (b"<!DOCTYPE html>" + b"x" * 5000, [("Content-Type", "text/html")])
    writer.set("page", page, 60)
    assert reader.get("page") == page
    (stored,) = tmp_path.glob("*.djcache")
    assert page[0] in stored.read_bytes()  # not zlib-compressed
    assert reader.touch("page", 120) and reader.get("page") == page
    writer.set("counter", 1)
    assert reader.incr("counter") == 2 and writer.get("counter") == 2
    writer.set("gone", "soon", -1)
    assert reader.get("gone", "missing") == "missing" and not reader.touch("gone")
