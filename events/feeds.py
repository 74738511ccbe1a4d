"""RSS of upcoming events (Django's syndication framework). Takes the listing's filter parameters."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class UpcomingEventsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "en-gb"

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return f"{index.title}: Bringing People Together"

    def link(self, index):
        return index.get_url(self.request)

    def description(self, index):
        return index.introduction or "Upcoming community events in Derbyshire and Derby."

    def feed_url(self, index):
        return self.request.get_full_path()

    def items(self, index):
        return index.feed_events(self.request)

    def item_title(self, event):
        prefix = "" if event.status == event.Status.SCHEDULED else f"{event.get_status_display()}: "
        return f"{prefix}{event.labelled_title}"

    def item_description(self, event):
        span = event.listing_span
        lines = [f"When: {span.when}"]
        if event.repeat_text:
            lines.append(event.repeat_text)
        if event.location_text:
            lines.append(f"Where: {event.location_text}")
        lines.append(f"Cost: {event.cost_text}")
        # Readers render the description as HTML: every value is escaped.
        return format_html(
            "<p>{}</p><p>{}</p>",
            format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)),
            event.summary,
        )

    def item_link(self, event):
        return event.get_url(self.request)

    def item_guid(self, event):
        return event.ical_uid

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at

    def item_categories(self, event):
        return [term.name for term in (event.area, event.category) if term]
