"""RSS and Atom feeds of stories: all of them, or those from one area or on one theme."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.models import SiteSettings

from .models import FEED_LENGTH


@dataclass
class FeedSource:
    index_page: object
    feed_url: str
    area: object = None
    theme: object = None
    request: object = None

    @property
    def kind(self):
        return "area" if self.area else "theme" if self.theme else ""

    @property
    def term(self):
        return self.area or self.theme


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "en-GB"

    def get_object(self, request, index_page, feed_url, area=None, theme=None):
        return FeedSource(index_page=index_page, feed_url=feed_url, area=area, theme=theme, request=request)

    def title(self, source):
        if source.area:
            return f"Stories from {source.area.name} | Bringing People Together"
        if source.theme:
            return f"Stories on the theme {source.theme.name} | Bringing People Together"
        return "Stories | Bringing People Together"

    def description(self, source):
        return (
            "Local activities that bring people from different backgrounds together in Derbyshire and Derby."
        )

    def subtitle(self, source):
        return self.description(source)

    def link(self, source):
        return source.index_page.get_full_url(source.request) + (
            f"?{source.kind}={source.term.slug}" if source.term else ""
        )

    def feed_url(self, source):
        return source.feed_url

    def author_name(self, source):
        return SiteSettings.load(request_or_site=source.request).organisation_name

    def items(self, source):
        stories = source.index_page.stories()
        if source.area:
            stories = stories.in_area(source.area)
        if source.theme:
            stories = stories.about_theme(source.theme)
        return stories.prefetch_related("areas", "themes")[:FEED_LENGTH]

    def item_title(self, story):
        return story.labelled_title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        return story.get_full_url()

    def item_guid(self, story):
        return story.get_full_url()

    def item_pubdate(self, story):
        return story.published_datetime

    def item_updateddate(self, story):
        return story.last_published_at or story.published_datetime

    def item_categories(self, story):
        return [term.name for term in story.area_list + story.theme_list]


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed
