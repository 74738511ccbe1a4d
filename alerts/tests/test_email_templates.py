"""Every email template renders with every placeholder filled: an unknown variable would show
as MISSING[...] (string_if_invalid), in the subject, the text or the HTML part."""

import copy

import pytest

from django.utils import timezone

from alerts import emails
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import AlertEmail, Change, Frequency, Kind
from guidance.factories import GuidanceIndexPageFactory, GuidanceNotePageFactory
from stories.factories import StoryIndexPageFactory, StoryPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"
    settings.TEMPLATES = templates


def parts(message):
    return [message.subject, message.body, message.alternatives[0][0]]


def assert_complete(message, *expected):
    for part in parts(message):
        assert "MISSING[" not in part, part
        assert part.strip()
    for text in expected:
        assert all(text in part for part in parts(message)[1:]), text


def test_the_confirmation_manage_link_and_repermission_emails_are_complete(db):
    subscriber = SubscriberFactory(confirmed_at=None)
    SubscriptionFactory(subscriber=subscriber, kind=Kind.STORIES, confirmed_at=None)
    assert_complete(emails.confirmation_message(subscriber), "All success stories", "/email-alerts/confirm/")
    assert_complete(emails.manage_link_message(subscriber), "/email-alerts/manage/")
    assert_complete(
        emails.repermission_message(subscriber), "/email-alerts/confirm/", "/email-alerts/manage/"
    )


@pytest.mark.parametrize("frequency", Frequency.values)
def test_an_alert_with_every_kind_of_section_is_complete(home, new_event, area, frequency):
    subscriber = SubscriberFactory()
    subscriptions = [
        SubscriptionFactory(subscriber=subscriber, kind=kind, frequency=frequency, filters=filters)
        for kind, filters in (
            (Kind.EVENTS, {"area": area.slug, "free": True}),
            (Kind.STORIES, {}),
            (Kind.GUIDANCE, {}),
        )
    ]
    event = publish(new_event(title="Lunch club"))
    moved = publish(new_event(title="Choir", status_note=""))
    story = publish(StoryPageFactory(parent=StoryIndexPageFactory(parent=home), live=False))
    note = publish(GuidanceNotePageFactory(parent=GuidanceIndexPageFactory(parent=home), live=False))
    period = {"daily": "2026-11-30", "weekly": "2026-W48", "immediate": "2026-11-30T12"}[frequency]
    alert_email = AlertEmail.objects.create(
        subscriber=subscriber, key="k", frequency=frequency, period=period, created_at=timezone.now()
    )
    items = [
        (event, Change.NEW, ""),
        (moved, Change.MOVED, ""),
        (story, Change.NEW, ""),
        (note, Change.UPDATED, "Added advice for schools"),
    ]
    message = emails.alert_message(alert_email, items, subscriptions)
    assert_complete(
        message,
        "Lunch club",
        "The venue has changed",
        story.title,
        "Added advice for schools",
        "Events: Amber Valley, free",
        "/email-alerts/unsubscribe/",
        "/email-alerts/manage/",
    )
    if frequency == "weekly":
        assert "the week of Monday 23 November 2026" in message.body
    if frequency == "daily":
        assert "Monday 30 November 2026" in message.body
