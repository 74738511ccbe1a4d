"""Test data for events (wagtail-factories / factory_boy)."""

from datetime import datetime, time, timedelta

import factory
import wagtail_factories

from django.utils import timezone

from wagtail.models import Locale

from . import schedule
from .models import EventCategory, EventIndexPage, EventPage, EventSubmission, SubmitEventPage


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


class SubmitEventPageFactory(wagtail_factories.PageFactory):
    title = "Submit an event"
    slug = "submit-an-event"
    introduction = "Tell us about a community event in Derbyshire or Derby."

    class Meta:
        model = SubmitEventPage


class EventSubmissionFactory(factory.django.DjangoModelFactory):
    """A pending submission two weeks ahead, in person; `with_image=True` adds a small JPEG."""

    organiser_name = "Matlock Neighbours"
    contact_name = "Sam Jones"
    contact_email = factory.Sequence(lambda n: f"sam{n}@example.org")
    contact_phone = "01629 533190"
    title = factory.Sequence(lambda n: f"Submitted event {n}")
    summary = "Soup, bread and a chat. Everyone welcome."
    description = "Bring a friend."
    start = factory.LazyFunction(lambda: days_from_now(14, 12))
    end = factory.LazyAttribute(lambda submission: submission.start + timedelta(hours=2))
    venue_name = "Riverside Centre"
    venue_address = "1 River Street\nMatlock"
    venue_postcode = "DE4 3AG"
    consented_at = factory.LazyFunction(timezone.now)
    content_hash = factory.Sequence(lambda n: f"{n:064x}")

    class Meta:
        model = EventSubmission

    class Params:
        with_image = factory.Trait(
            image=factory.django.ImageField(width=40, height=30, format="JPEG", filename="submitted.jpg"),
            image_alt="Volunteers serving soup",
        )
