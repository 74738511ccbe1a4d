"""Test data for events (wagtail-factories / factory_boy)."""

from datetime import datetime, time, timedelta

import factory
import wagtail_factories

from wagtail.models import Locale

from . import schedule
from .models import EventCategory, EventIndexPage, EventPage


def local(year, month, day, hour=0, minute=0):
    """An aware datetime from UK wall-clock time."""
    return schedule.from_local(datetime(year, month, day, hour, minute))


def days_from_now(days, hour=19):
    """An aware datetime `days` from today, at `hour` UK time."""
    return schedule.from_local(datetime.combine(schedule.local_today() + timedelta(days=days), time(hour)))


class EventCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = EventCategory


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Community events across Derbyshire and Derby."

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = "A friendly get-together for neighbours old and new."
    start = factory.LazyFunction(lambda: days_from_now(7, 19))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))
    venue_name = "Riverside Community Centre"
    venue_address = "1 River Street\nMatlock"
    venue_postcode = "DE4 3AG"
    organiser_name = "Matlock Neighbours"
    organiser_url = "https://example.org/contact"

    class Meta:
        model = EventPage
