"""The stories section's teaser on the home page (see home.teasers)."""

from home.teasers import Teaser

from .models import StoryPage


def latest_stories_teaser(home_page, request):
    stories = StoryPage.objects.latest_for(home_page)
    return Teaser("stories/includes/latest_stories.html", {"latest_stories": stories}) if stories else None
