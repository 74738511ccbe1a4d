"""Matching in the task queue: every filter dimension of the listing, the changes that matter
(cancelled, postponed, moved, time changed), stories by area and theme, guidance only when an
editor ticks "notify subscribers", and nothing mentioned twice within a period."""

from datetime import timedelta

import pytest

from alerts.factories import SubscriptionFactory
from alerts.models import AlertItem, Change, Kind, PageSnapshot
from alerts.tasks import forget_page, match_page
from events.factories import EventCategoryFactory
from events.models import EventPage
from guidance.factories import GuidanceIndexPageFactory, GuidanceNotePageFactory
from stories.factories import StoryIndexPageFactory, StoryPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def published(page):
    """Publish as the admin does, then run the matching task it queued."""
    publish(page)
    match_page.call(page.pk)
    return page


def told(subscription):
    return sorted(
        (item.page_id, item.change) for item in AlertItem.objects.filter(subscriber=subscription.subscriber)
    )


ONLINE_ONLY = {
    "venue_name": "",
    "venue_address": "",
    "venue_postcode": "",
    "online_url": "https://meet.example.org/x",
}


@pytest.mark.parametrize(
    ("filters", "matching", "not_matching"),
    [
        ({"area": "amber-valley"}, {}, {"area": "other"}),
        ({"category": "food-and-social"}, {}, {"category": "other"}),
        ({"theme": "belonging"}, {"themes": "belonging"}, {"themes": None}),
        ({"free": True}, {"is_free": True}, {"is_free": False, "price": "£3"}),
        ({"mode": "online"}, {"online_url": "https://meet.example.org/x"}, {}),
        ({"mode": "in-person"}, {}, ONLINE_ONLY),
        ({"access": ["step-free"]}, {"step_free_access": True}, {"step_free_access": False}),
        (
            {"access": ["bsl", "step-free"]},
            {"step_free_access": True, "bsl_interpretation": True, "quiet_space": True},
            {"step_free_access": True},
        ),
    ],
)
def test_a_new_event_reaches_exactly_the_subscriptions_whose_every_filter_it_meets(
    new_event, other_area, theme, filters, matching, not_matching
):
    other_category = EventCategoryFactory(name="Sport", slug="sport")
    everyone = SubscriptionFactory(filters={})
    filtered = SubscriptionFactory(filters=filters)

    def make(fields):
        fields = dict(fields)
        themes = fields.pop("themes", None)
        if fields.get("area") == "other":
            fields["area"] = other_area
        if fields.get("category") == "other":
            fields["category"] = other_category
        event = new_event(**fields)
        if themes:
            event.themes.set([theme])
        return published(event)

    hit, miss = make(matching), make(not_matching)
    assert told(filtered) == [(hit.pk, Change.NEW)]
    assert told(everyone) == sorted([(hit.pk, Change.NEW), (miss.pk, Change.NEW)])


def test_unconfirmed_bounced_and_other_kinds_of_subscription_are_not_matched(new_event):
    from django.utils import timezone

    unconfirmed = SubscriptionFactory(confirmed_at=None)
    bounced = SubscriptionFactory()
    bounced.subscriber.bounced_at = timezone.now()
    bounced.subscriber.save()
    stories = SubscriptionFactory(kind=Kind.STORIES)
    published(new_event())
    assert told(unconfirmed) == told(bounced) == told(stories) == []


@pytest.mark.parametrize(
    ("edit", "change"),
    [
        ({"status": EventPage.Status.CANCELLED, "status_note": "The hall flooded"}, Change.CANCELLED),
        ({"status": EventPage.Status.POSTPONED}, Change.POSTPONED),
        ({"venue_name": "The Library", "venue_postcode": "DE1 1AA"}, Change.MOVED),
        ({"start": "+1h"}, Change.RETIMED),
        ({"summary": "Now with cake", "title": "Renamed"}, None),
    ],
)
def test_changes_that_matter_are_queued_and_other_edits_are_not(new_event, edit, change):
    subscription = SubscriptionFactory(frequency="daily")
    event = published(new_event())
    for field, value in edit.items():
        if value == "+1h":
            event.start += timedelta(hours=1)
            event.end += timedelta(hours=1)
        else:
            setattr(event, field, value)
    published(event)
    expected = [(event.pk, Change.NEW)] + ([(event.pk, change)] if change else [])
    assert told(subscription) == sorted(expected)


def test_publishing_and_republishing_within_a_period_mentions_an_event_once(new_event):
    subscription = SubscriptionFactory(frequency="weekly")
    event = published(new_event())
    published(event)
    match_page.call(event.pk)  # the task run twice, e.g. after a worker restart
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    published(event)
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    published(event)
    assert told(subscription) == sorted([(event.pk, Change.NEW), (event.pk, Change.RETIMED)])


def test_an_event_live_before_alerts_existed_is_recorded_on_its_next_publish_not_announced(
    events_index, area
):
    from django.utils import timezone

    from events.factories import EventPageFactory

    subscription = SubscriptionFactory()
    event = EventPageFactory(parent=events_index, area=area)
    EventPage.objects.filter(pk=event.pk).update(first_published_at=timezone.now() - timedelta(days=90))
    event.refresh_from_db()
    published(event)
    assert PageSnapshot.objects.filter(page_id=event.pk).exists()
    assert told(subscription) == []

    event.status = EventPage.Status.CANCELLED
    published(event)
    assert told(subscription) == [(event.pk, Change.CANCELLED)]


def test_unpublishing_drops_what_was_waiting_to_mention_the_event(new_event):
    subscription = SubscriptionFactory(frequency="daily")
    event = published(new_event())
    event.unpublish()
    forget_page.call(event.pk)
    assert told(subscription) == []


def test_publishing_queues_the_matching_task_and_unpublishing_the_forgetting_one(new_event):
    from django_tasks_db.models import DBTaskResult

    event = new_event()
    publish(event)
    event.unpublish()
    paths = list(
        DBTaskResult.objects.filter(task_path__startswith="alerts.").values_list("task_path", "args_kwargs")
    )
    assert [path for path, _args in paths] == ["alerts.tasks.match_page", "alerts.tasks.forget_page"]


def test_new_stories_match_by_area_and_theme(home, area, other_area, theme):
    index = StoryIndexPageFactory(parent=home)
    by_area = SubscriptionFactory(kind=Kind.STORIES, filters={"area": area.slug})
    by_theme = SubscriptionFactory(kind=Kind.STORIES, filters={"theme": theme.slug})
    every = SubscriptionFactory(kind=Kind.STORIES)
    here = published(StoryPageFactory(parent=index, live=False, areas=[area]))
    there = published(StoryPageFactory(parent=index, live=False, areas=[other_area], themes=[theme]))
    assert told(by_area) == [(here.pk, Change.NEW)]
    assert told(by_theme) == [(there.pk, Change.NEW)]
    assert len(told(every)) == 2


def test_guidance_is_announced_only_when_an_editor_ticks_notify_with_a_new_note(home):
    index = GuidanceIndexPageFactory(parent=home)
    subscription = SubscriptionFactory(kind=Kind.GUIDANCE)
    note = published(GuidanceNotePageFactory(parent=index, live=False))
    assert told(subscription) == []  # published without the tick: a minor edit

    note.notify_subscribers, note.change_note = True, "Added advice on reporting hate crime"
    published(note)
    published(note)  # the tick stays on in the next draft: the same note is not sent again
    assert told(subscription) == [(note.pk, Change.UPDATED)]
    assert AlertItem.objects.get().note == "Added advice on reporting hate crime"

    note.change_note = "New contacts for schools"
    published(note)
    assert len(told(subscription)) == 1  # the same day: mentioned once, as updated


def test_a_guidance_page_live_before_alerts_existed_is_announced_when_an_editor_ticks_notify(home):
    from django.utils import timezone

    from guidance.models import GuidanceNotePage

    subscription = SubscriptionFactory(kind=Kind.GUIDANCE)
    note = GuidanceNotePageFactory(parent=GuidanceIndexPageFactory(parent=home))
    GuidanceNotePage.objects.filter(pk=note.pk).update(
        first_published_at=timezone.now() - timedelta(days=300)
    )
    note.refresh_from_db()
    note.notify_subscribers, note.change_note = True, "Rewritten for 2027"
    published(note)
    assert told(subscription) == [(note.pk, Change.UPDATED)]


def test_a_new_guidance_page_published_with_a_note_is_announced_as_new(home):
    subscription = SubscriptionFactory(kind=Kind.GUIDANCE)
    index = GuidanceIndexPageFactory(parent=home)
    note = published(
        GuidanceNotePageFactory(parent=index, live=False, notify_subscribers=True, change_note="New guidance")
    )
    assert told(subscription) == [(note.pk, Change.NEW)]
