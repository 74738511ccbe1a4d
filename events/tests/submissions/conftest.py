"""Fixtures for the event submission tests: the page tree, taxonomies and a mail server that fails."""

import pytest

from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Page, Site

from events.factories import EventCategoryFactory, EventIndexPageFactory, SubmitEventPageFactory
from home.factories import AreaFactory, HomePageFactory

from .support import FLAKY_BACKEND, FlakyEmailBackend


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    mail.outbox = []
    FlakyEmailBackend.fail()
    yield FlakyEmailBackend
    FlakyEmailBackend.fail()


@pytest.fixture
def events_index(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="test-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def submit_page(events_index):
    return SubmitEventPageFactory(parent=events_index)


@pytest.fixture
def area(db):
    return AreaFactory(name="Derbyshire Dales", slug="derbyshire-dales")


@pytest.fixture
def category(db):
    return EventCategoryFactory(name="Food and social", slug="food-and-social")


@pytest.fixture
def relaxed_spam_limits(settings):
    """For tests that send many forms: no waiting, no per-address limit."""
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    settings.SUBMISSION_RATE_LIMIT = 1_000_000


@pytest.fixture
def moderator_email(django_user_model):
    """Someone the editors' alert goes to: a member of the Moderators group."""
    user = django_user_model.objects.create_user("alerts", "events-team@example.gov.uk", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user.email
