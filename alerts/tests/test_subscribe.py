"""Subscribing: the form's bad input, double opt-in, one confirmation an hour, the shared rate
limit, and the same answer whether or not an address is already known."""

import re

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail

from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Kind, Subscriber, Subscription

from .conftest import run_worker

pytestmark = pytest.mark.django_db

URL = "/email-alerts/"


def subscribe(client, email="sam@example.org", frequency="daily", query="kind=events", **extra):
    return client.post(f"{URL}?{query}", {"email": email, "frequency": frequency}, **extra)


def confirm_link(message):
    return re.search(r"http://testserver(/email-alerts/confirm/[^/\s]+/)", message.body).group(1)


def test_the_form_describes_exactly_the_filters_it_subscribes_to(client, area, category):
    response = client.get(f"{URL}?kind=events&area={area.slug}&category={category.slug}&free=1&when=today")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Events: Amber Valley, Food and social, free" in body
    assert "no-store" in response["Cache-Control"]  # a CSRF form: never cached


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_subscribing_stores_the_normalised_filters_unconfirmed_and_sends_one_confirmation(
    client, area, category
):
    query = (
        f"kind=events&access=step-free&area={area.slug}&access=bsl&category={category.slug}&page=3&when=today"
    )
    response = subscribe(client, email="  Sam@Example.ORG ", query=query)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()

    subscription = Subscription.objects.get()
    assert subscription.subscriber.email == "sam@example.org"
    expected = {"access": ["bsl", "step-free"], "area": area.slug, "category": category.slug}
    assert subscription.filters == expected
    assert subscription.filter_key == "access=bsl&access=step-free&area=amber-valley&category=food-and-social"
    assert subscription.access_mask and subscription.area == area.slug
    assert subscription.confirmed_at is None and subscription.subscriber.confirmed_at is None

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert "Events: Amber Valley, Food and social" in message.body
    assert "/email-alerts/confirm/" in message.body

    response = client.get(confirm_link(message))
    assert response.status_code == 200
    assert "You have subscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None and subscription.subscriber.confirmed_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_at_most_one_confirmation_an_hour_per_address(client):
    for frequency in ("daily", "weekly", "immediate"):
        assert subscribe(client, frequency=frequency, query="kind=stories").status_code == 200
    subscribe(client, query="kind=guidance")
    run_worker()
    assert len(mail.outbox) == 1
    # Both requests wait for the one link, which confirms them all; the frequency is the last asked for.
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 2
    assert Subscription.objects.get(kind=Kind.STORIES).frequency == "immediate"
    client.get(confirm_link(mail.outbox[0]))
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 0


def page_text(response):
    """The page without its CSRF token, which differs per request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_answer_is_the_same_for_a_new_address_an_unconfirmed_one_and_a_subscribed_one(client):
    SubscriptionFactory(subscriber=SubscriberFactory(email="known@example.org"), kind=Kind.STORIES)
    SubscriberFactory(email="pending@example.org", confirmed_at=None)
    answers = {
        email: page_text(subscribe(client, email=email, query="kind=stories")).replace(email, "ADDRESS")
        for email in ("known@example.org", "pending@example.org", "new@example.org")
    }
    assert len(set(answers.values())) == 1
    # The subscribed address is not re-subscribed by a stranger: it gets a link to manage instead.
    run_worker()
    known = next(message for message in mail.outbox if message.to == ["known@example.org"])
    assert "/email-alerts/manage/" in known.body and "/confirm/" not in known.body


def test_a_stranger_cannot_change_a_confirmed_subscriptions_frequency(client):
    subscription = SubscriptionFactory(
        subscriber=SubscriberFactory(email="known@example.org"), kind=Kind.STORIES, frequency="weekly"
    )
    subscribe(client, email="known@example.org", frequency="immediate", query="kind=stories")
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "frequency": "daily"}, "Enter your email address"),
        ({"email": "not an address", "frequency": "daily"}, "Enter an email address in the correct format"),
        ({"email": "a" * 250 + "@example.org", "frequency": "daily"}, "254 characters or fewer"),
        ({"email": "sam@example.org\x00", "frequency": "daily"}, "in the correct format"),
        ({"email": "sam@example.org"}, "Select how often you want emails"),
        ({"email": "sam@example.org", "frequency": "hourly"}, "Select how often you want emails"),
        ({"email": ["a@example.org", "b@example.org"], "frequency": "<script>"}, "Select how often"),
    ],
)
def test_bad_input_gets_a_govuk_error_summary_and_stores_nothing(client, data, message):
    response = client.post(f"{URL}?kind=events", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert "<title>Error: " in body
    assert not Subscriber.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "kind=nonsense",
        "kind=%00",
        "kind=events&area=%ff%fe",
        "kind=events&area=" + "x" * 5000,
        "kind=events&area=%00&category=%00&theme=%00&mode=%00&access=%00&free=%00",
        "kind=stories&area=%00&theme=%00",
    ],
)
def test_hostile_addresses_never_give_a_server_error(client, query):
    assert client.get(f"{URL}?{query}").status_code in (200, 404)
    assert subscribe(client, query=query).status_code in (200, 404)


def test_unknown_filter_values_are_dropped_not_stored(client):
    subscribe(client, query="kind=events&area=atlantis&mode=teleport&access=wings")
    assert Subscription.objects.get().filters == {}


def test_the_shared_rate_limit_refuses_a_flood_and_says_when_to_try_again(client, settings):
    settings.ALERT_RATE_LIMIT = 3
    for number in range(3):
        assert subscribe(client, email=f"person{number}@example.org").status_code == 200
    response = subscribe(client, email="one-too-many@example.org")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not Subscriber.objects.filter(email="one-too-many@example.org").exists()
