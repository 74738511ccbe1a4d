"""The sitemap: one file while small, an index of per-section sitemaps past SITEMAP_SPLIT
addresses, each address with its lastmod, public so the page cache keeps it."""

from xml.etree import ElementTree

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

from home import sitemaps
from home.factories import StandardPageFactory
from home.factories import publish_translation as translate
from stories.factories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def site(home):
    published(home)
    about = published(StandardPageFactory(parent=home, slug="about"))
    index = published(StoryIndexPageFactory(parent=home))
    stories = [published(StoryPageFactory(parent=index)) for _ in range(3)]
    hidden = StoryPageFactory(parent=index, live=False)
    return {"about": about, "index": index, "stories": stories, "hidden": hidden}


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert "public" in response["Cache-Control"]
    assert response["Content-Type"] == "application/xml"
    ElementTree.fromstring(response.content)  # noqa: S314 (our own output) well-formed, or this raises
    return response.content.decode()


def test_a_small_site_has_one_sitemap_with_every_live_page_and_its_lastmod(client, site):
    content = xml(client, "/sitemap.xml")
    assert "<urlset" in content and "<sitemapindex" not in content
    for page in [site["about"], site["index"], *site["stories"]]:
        assert f"<loc>{page.full_url}</loc>" in content
        assert f"<lastmod>{page.last_published_at:%Y-%m-%d}" in content
    assert site["hidden"].full_url not in content


def test_past_the_split_the_sitemap_is_an_index_of_sections(client, site, settings, monkeypatch):
    monkeypatch.setattr(sitemaps, "SITEMAP_SPLIT", 3)
    content = xml(client, "/sitemap.xml")
    assert "<sitemapindex" in content
    for section in ("home", "about", "stories"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in content
    assert "http://testserver/sitemap-stories.xml?p=2</loc>" in content  # four pages, three a file
    assert content.count("<lastmod>") == 4

    stories = xml(client, "/sitemap-stories.xml") + xml(client, "/sitemap-stories.xml?p=2")
    for page in [site["index"], *site["stories"]]:
        assert f"<loc>{page.full_url}</loc>" in stories
    assert site["about"].full_url not in stories
    assert client.get("/sitemap-nothing.xml").status_code == 404
    for past_the_end in (
        "?p=3",
        "?p=0",
        "?p=two",
        "?p=-1",
        "?p=99999999999999999999999",
        "?p=%00",
        "?p=%D9%A3",
    ):
        assert client.get(f"/sitemap-stories.xml{past_the_end}").status_code == 404


def test_the_sitemap_costs_the_same_queries_at_any_size(client, site, django_assert_max_num_queries):
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(25) as small:
        client.get("/sitemap.xml")
    for _ in range(20):
        StoryPageFactory(parent=site["index"])
    with django_assert_max_num_queries(len(small)):
        client.get("/sitemap.xml")


def test_the_index_costs_the_same_queries_however_many_sections_and_pages(client, site, monkeypatch, home):
    monkeypatch.setattr(sitemaps, "SITEMAP_SPLIT", 3)
    with CaptureQueriesContext(connection) as few:
        assert "<sitemapindex" in xml(client, "/sitemap.xml")
    for number in range(5):
        published(StandardPageFactory(parent=home, slug=f"section-{number}"))
    for _ in range(10):
        StoryPageFactory(parent=site["index"])
    with CaptureQueriesContext(connection) as many:
        content = xml(client, "/sitemap.xml")
    assert "sitemap-section-4.xml" in content and "sitemap-stories.xml?p=5" in content
    assert len(many) == len(few)


def test_each_address_is_the_one_wagtail_gives_the_page_in_every_language(client, site, home, rf):
    polish_home = translate(home, "pl")
    translate(site["about"], "pl", title="O nas")
    translate(site["index"], "ur")
    translate(site["stories"][0], "ur", title="کہانی")
    request = rf.get("/sitemap.xml")
    site_object = Site.objects.get(is_default_site=True)
    addresses = sitemaps.Addresses(request, site_object)
    pages = Page.objects.live().filter(depth__gte=2)
    assert pages.filter(locale__language_code="ur").count() >= 2 and polish_home.live
    for page in pages:
        assert addresses(page.url_path) == page.get_full_url(request), page.url_path
    content = xml(client, "/sitemap.xml")
    listed = [page.get_full_url(request) for page in sitemaps.listed_pages().filter(depth__gte=2)]
    assert content.count("<loc>") == len([url for url in listed if url]) > 8
    for url in filter(None, listed):
        assert f"<loc>{url}</loc>" in content
