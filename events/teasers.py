"""The events section's teaser on the home page (see home.teasers)."""

from home.teasers import Teaser

from .models import next_events


def next_events_teaser(home_page, request):
    events = next_events(home_page)
    return Teaser("events/includes/next_events.html", {"next_events": events}) if events else None
