"""RSS and Atom feeds of all stories, per area and per theme, parsed as a feed reader would."""

import datetime

import feedparser
import pytest

from stories.factories import StoryPageFactory
from stories.models import FEED_LENGTH

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def stories(index, erewash, high_peak, common_ground, responsibility):
    return {
        "lunch": StoryPageFactory(
            parent=index,
            title="Shared lunch",
            summary="Neighbours cook for each other.",
            listing_date=datetime.date(2026, 3, 1),
            areas=[erewash],
            themes=[common_ground],
        ),
        "calls": StoryPageFactory(
            parent=index,
            title="Befriending calls",
            listing_date=datetime.date(2026, 2, 1),
            areas=[high_peak],
            themes=[responsibility],
        ),
        "draft": StoryPageFactory(parent=index, title="Unpublished draft", live=False, areas=[erewash]),
    }


@pytest.mark.parametrize(("path", "version"), [("feed/", "rss20"), ("feed/atom/", "atom10")])
def test_feed_of_all_stories_is_valid_and_newest_first(client, index, stories, path, version):
    response, feed = parse(client, index.url + path)
    assert feed.version == version
    assert feed.feed.title == "Stories | Bringing People Together"
    assert [entry.title for entry in feed.entries] == ["Shared lunch", "Befriending calls"]
    lunch = feed.entries[0]
    assert lunch.link == "http://testserver" + stories["lunch"].url
    assert lunch.summary == "Neighbours cook for each other."
    assert lunch.published_parsed[:3] == (2026, 3, 1)
    assert {tag.term for tag in lunch.tags} == {"Erewash", "Common ground"}
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_area_feed_has_only_that_areas_stories(client, index, stories, suffix):
    _response, feed = parse(client, f"{index.url}areas/erewash/feed/{suffix}")
    assert [entry.title for entry in feed.entries] == ["Shared lunch"]
    assert "Erewash" in feed.feed.title
    assert feed.feed.link == "http://testserver" + index.url + "?area=erewash"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_theme_feed_has_only_that_themes_stories(client, index, stories, suffix):
    _response, feed = parse(client, f"{index.url}themes/responsibility/feed/{suffix}")
    assert [entry.title for entry in feed.entries] == ["Befriending calls"]
    assert "Responsibility" in feed.feed.title


def test_atom_feed_names_itself(client, index, stories):
    _response, feed = parse(client, index.url + "feed/atom/")
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == ["http://testserver" + index.url + "feed/atom/"]


@pytest.mark.parametrize("path", ["areas/atlantis/feed/", "themes/nothing/feed/atom/"])
def test_feed_for_an_unknown_area_or_theme_is_not_found(client, index, path):
    assert client.get(index.url + path).status_code == 404


def test_feed_holds_the_latest_stories_only(client, index):
    for day in range(FEED_LENGTH + 3):
        StoryPageFactory(parent=index, listing_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    _response, feed = parse(client, index.url + "feed/")
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].published_parsed[:3] == (2026, 1, FEED_LENGTH + 3)
