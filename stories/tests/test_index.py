"""The story index: cards, filters, pagination, responsive images and a fixed query count."""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.factories import StoryPageFactory
from stories.models import EAGER_CARDS, STORIES_PER_PAGE

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def card_titles(content):
    return re.findall(r'class="govuk-link bpt-card__link" href="[^"]+">([^<]+)</a>', content)


def test_index_shows_cards_newest_first_with_image_summary_area_and_date(client, index, erewash):
    StoryPageFactory(parent=index, title="Older story", listing_date=datetime.date(2025, 5, 1))
    StoryPageFactory(
        parent=index,
        title="Newer story",
        summary="Neighbours cooked for each other.",
        listing_date=datetime.date(2026, 2, 3),
        areas=[erewash],
        with_image=True,
    )
    content = get(client, index.url)
    assert card_titles(content) == ["Newer story", "Older story"]
    assert "Neighbours cooked for each other." in content
    assert '<time datetime="2026-02-03">3 February 2026</time>' in content
    assert "Erewash" in content
    assert "<picture>" in content
    assert 'role="status"' in content
    assert "2 stories" in content


def test_filters_by_area_and_theme_and_says_how_many(client, index, erewash, high_peak, common_ground):
    StoryPageFactory(parent=index, title="Erewash lunch", areas=[erewash], themes=[common_ground])
    StoryPageFactory(parent=index, title="Erewash walk", areas=[erewash])
    StoryPageFactory(parent=index, title="High Peak calls", areas=[high_peak], themes=[common_ground])

    content = get(client, f"{index.url}?area=erewash")
    assert sorted(card_titles(content)) == ["Erewash lunch", "Erewash walk"]
    assert "2 stories from Erewash" in content
    assert '<option value="erewash" selected>' in content

    content = get(client, f"{index.url}?theme=common-ground")
    assert sorted(card_titles(content)) == ["Erewash lunch", "High Peak calls"]

    content = get(client, f"{index.url}?area=erewash&theme=common-ground")
    assert card_titles(content) == ["Erewash lunch"]
    assert "1 story from Erewash on the theme Common ground" in content
    assert "Clear filters" in content


def test_unknown_filter_value_shows_every_story(client, index, erewash):
    StoryPageFactory(parent=index, title="A story", areas=[erewash])
    content = get(client, f"{index.url}?area=atlantis&theme=")
    assert card_titles(content) == ["A story"]
    assert "Clear filters" not in content


def test_no_matching_stories_says_so(client, index, erewash, high_peak):
    StoryPageFactory(parent=index, areas=[high_peak])
    content = get(client, f"{index.url}?area=erewash")
    assert "0 stories from Erewash" in content
    assert "no stories that match these filters" in content


def test_pagination_keeps_filters_and_clamps_out_of_range_pages(client, index, erewash):
    for day in range(STORIES_PER_PAGE + 2):
        StoryPageFactory(parent=index, areas=[erewash], listing_date=datetime.date(2026, 1, 1 + day))
    first = get(client, f"{index.url}?area=erewash")
    assert len(card_titles(first)) == STORIES_PER_PAGE
    assert 'href="?area=erewash&amp;page=2"' in first
    assert 'rel="next"' in first

    second = get(client, f"{index.url}?area=erewash&page=2")
    assert len(card_titles(second)) == 2
    assert 'aria-current="page">2</a>' in second
    assert 'rel="prev"' in second
    assert "page 2 of 2" in second

    assert card_titles(get(client, f"{index.url}?area=erewash&page=99")) == card_titles(second)
    assert card_titles(get(client, f"{index.url}?page=nonsense")) == card_titles(first)


def test_card_images_are_responsive_and_lazy_after_the_first_row(client, index):
    for _ in range(EAGER_CARDS + 2):
        StoryPageFactory(parent=index, with_image=True)
    content = get(client, index.url)
    images = re.findall(r"<img [^>]+>", content)
    assert len(images) == EAGER_CARDS + 2
    for img in images:
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
        assert "srcset=" in img
    assert ['loading="lazy"' in img for img in images] == [False] * EAGER_CARDS + [True, True]
    assert content.count('type="image/webp"') == EAGER_CARDS + 2


def test_index_advertises_its_feeds_and_the_filtered_ones(client, index, erewash):
    content = get(client, f"{index.url}?area=erewash")
    rss = '<link rel="alternate" type="application/rss+xml" title="All stories (RSS)" href="/stories/feed/">'
    assert rss in content
    assert 'href="/stories/areas/erewash/feed/"' in content
    assert 'href="/stories/areas/erewash/feed/atom/"' in content


def test_index_is_cacheable_for_anonymous_readers(client, index):
    response = client.get(index.url)
    assert "public" in response["Cache-Control"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?area=erewash&theme=common-ground"])
def test_index_query_count_is_the_same_for_5_stories_and_three_pages_of_them(
    client, index, erewash, common_ground, django_assert_num_queries, query
):
    url = index.url + query

    def add_stories(count):
        for _ in range(count):
            StoryPageFactory(
                parent=index,
                areas=[erewash],
                themes=[common_ground],
                with_image=True,
                hero_image__file__width=160,  # small files keep the stories quick to make
                hero_image__file__height=90,
            )
        client.get(url)  # the first view of new cards makes their renditions

    add_stories(5)
    with_5 = count_queries(client, url)
    # A full page of cards and more pages after it: a query per card or per story would show.
    add_stories(STORIES_PER_PAGE * 3 - 5)
    with django_assert_num_queries(with_5):
        response = client.get(url)
    assert len(card_titles(response.content.decode())) == STORIES_PER_PAGE


def test_the_result_count_is_in_the_visitors_language_with_its_plural_forms(client, index, erewash):
    for title in ("Lunch", "Walk", "Choir"):
        StoryPageFactory(parent=index, title=title, areas=[erewash])
    content = get(client, f"/pl{index.url}?area=erewash")
    assert "3 historie z obszaru Erewash" in content  # Polish "few" form
    assert "stories from" not in content
    StoryPageFactory(parent=index, title="Cafe", areas=[erewash])
    StoryPageFactory(parent=index, title="Garden", areas=[erewash])
    assert "5 historii z obszaru Erewash" in get(client, f"/pl{index.url}?area=erewash")  # "many"
    assert "5 قصص من Erewash" in get(client, f"/ar{index.url}?area=erewash")
