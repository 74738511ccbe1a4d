"""Every page type costs the same number of database queries however much content the hub holds:
measured on the seeded site, then again with more events, stories and guidance notes (tagged with
areas, themes and priorities, with images). Story and event pages stay well under 30."""

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.factories import EventPageFactory, days_from_now
from events.models import EventIndexPage, EventPage
from guidance.factories import GuidanceNotePageFactory
from guidance.models import (
    ActionPlanPage,
    GuidanceIndexPage,
    GuidanceNotePage,
    Priority,
    ResourcesPage,
    StrategyPage,
)
from home.models import Area, Theme
from home.renditions import warm_page
from stories.factories import StoryPageFactory
from stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db
MORE = 12


def page_types():
    event = EventPage.objects.live().filter(occurrences__end__gt=timezone.now()).order_by("pk").first()
    occurrence = event.occurrences.filter(end__gt=timezone.now()).order_by("start").first()
    events = EventIndexPage.objects.get().url
    stories = StoryIndexPage.objects.get().url
    area = Area.objects.order_by("pk").first()
    return {
        "home": "/",
        "guidance index": GuidanceIndexPage.objects.get().url,
        "guidance note": GuidanceNotePage.objects.live().order_by("pk").first().url,
        "charter": StrategyPage.objects.live().order_by("pk").first().url,
        "action plan": ActionPlanPage.objects.get().url,
        "resources": ResourcesPage.objects.get().url,
        "events listing": events,
        "events filtered": f"{events}?area={area.slug}",
        "event": event.url,
        "occurrence": f"{event.url}{timezone.localtime(occurrence.start):%Y-%m-%d}/",
        "event .ics": f"{event.url}calendar/",
        "whole .ics": f"{events}calendar/",
        "events feed": f"{events}feed/",
        "stories index": stories,
        "story": StoryPage.objects.live().order_by("pk").first().url,
        "stories feed": f"{stories}feed/",
        "sitemap": "/sitemap.xml",
    }


def count(client, paths):
    counts = {}
    for label, path in paths.items():
        assert client.get(path).status_code == 200, path  # first use fills per-site caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[label] = len(queries)
    return counts


def add_content(count):
    areas, themes, priorities = (
        list(Area.objects.all()),
        list(Theme.objects.all()),
        list(Priority.objects.all()),
    )
    events_index = EventIndexPage.objects.get()
    stories_index = StoryIndexPage.objects.get()
    guidance_index = GuidanceIndexPage.objects.get()
    for n in range(count):
        image = wagtail_factories.ImageFactory(file__width=800, file__height=600)
        event = EventPageFactory(
            parent=events_index,
            start=days_from_now(n % 5 + 1),
            end=days_from_now(n % 5 + 1, 21),
            area=areas[n % len(areas)],
            priority=priorities[n % len(priorities)],
            image=image,
            image_alt="A poster",
        )
        event.themes.set([themes[n % len(themes)]])
        story = StoryPageFactory(
            parent=stories_index,
            hero_image=image,
            hero_alt_text="People at a table.",
            areas=[areas[n % len(areas)]],
            themes=[themes[n % len(themes)]],
            priority=priorities[n % len(priorities)],
        )
        note = GuidanceNotePageFactory(parent=guidance_index, themes=[themes[n % len(themes)]])
        for page in (event, story, note):
            page.save_revision().publish()
            warm_page(page.specific)


def test_every_page_type_costs_the_same_queries_at_two_sizes(client, seeded_site):
    paths = page_types()
    small = count(client, paths)
    add_content(MORE)
    large = count(client, paths)
    assert large == small
    assert small["story"] < 30 and small["event"] < 30
