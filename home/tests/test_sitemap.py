"""The sitemap: one file while small, an index of per-section sitemaps past SITEMAP_SPLIT
addresses, each address with its lastmod, public so the page cache keeps it."""

import pytest

from home import sitemaps
from home.factories import StandardPageFactory
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
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 3)
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


def test_the_sitemap_costs_the_same_queries_at_any_size(client, site, django_assert_max_num_queries):
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(25) as small:
        client.get("/sitemap.xml")
    for _ in range(20):
        StoryPageFactory(parent=site["index"])
    with django_assert_max_num_queries(len(small)):
        client.get("/sitemap.xml")
