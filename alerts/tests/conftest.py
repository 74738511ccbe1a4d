"""Fixtures for the alert tests: the page tree, taxonomies, and helpers that publish pages the
way the admin does (so the publish signal fires) and run the queued tasks."""

from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.factories import EventCategoryFactory, EventIndexPageFactory, EventPageFactory
from events.tests.submissions.support import FLAKY_BACKEND, FlakyEmailBackend
from home.factories import AreaFactory, ThemeFactory


def run_worker():
    """Run every task that is due, as the worker does, until none is left."""
    call_command("db_worker", "--backend", "background", "--queue-name", "*", "--batch", "--no-startup-delay")


def time_passes():
    """Bring every scheduled retry forward to now, as if its delay had passed."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def publish(page):
    """Publish the page's current state through a revision, as the admin's Publish button does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def events_index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def area(db):
    return AreaFactory(name="Amber Valley", slug="amber-valley")


@pytest.fixture
def other_area(db):
    return AreaFactory(name="Bolsover", slug="bolsover")


@pytest.fixture
def category(db):
    return EventCategoryFactory(name="Food and social", slug="food-and-social")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Belonging", slug="belonging")


@pytest.fixture
def new_event(events_index, area, category):
    """An event saved as a draft; publish() makes it new."""

    def make(**fields):
        return EventPageFactory(
            parent=events_index, live=False, **{"area": area, "category": category, **fields}
        )

    return make


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    mail.outbox = []
    FlakyEmailBackend.fail()
    yield FlakyEmailBackend
    FlakyEmailBackend.fail()
