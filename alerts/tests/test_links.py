"""Signed links: confirm, manage (change frequency, remove one, remove all, a new link) and
RFC 8058 one-click unsubscribe. Tokens that expired, were tampered with, or were reused."""

import re

import pytest

from django.core import mail
from django.test import Client

from alerts import tokens
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Kind, Subscriber, Subscription

from .conftest import run_worker

pytestmark = pytest.mark.django_db


def link(name, subscriber, purpose, ids=()):
    return f"/email-alerts/{name}/{tokens.make(subscriber, purpose, ids)}/"


@pytest.fixture
def pending():
    subscriber = SubscriberFactory(email="sam@example.org", confirmed_at=None)
    SubscriptionFactory(subscriber=subscriber, kind=Kind.STORIES, confirmed_at=None)
    return subscriber


def test_an_expired_confirmation_link_confirms_nothing_and_offers_a_new_one(client, pending, settings):
    url = link("confirm", pending, tokens.CONFIRM)
    settings.ALERT_TOKEN_MAX_AGE = {**settings.ALERT_TOKEN_MAX_AGE, "confirm": -1}
    response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "Send me a new link" in response.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed_at is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "other-purpose", "garbage"])
def test_a_tampered_link_is_refused(client, pending, damage):
    token = tokens.make(pending, tokens.CONFIRM)
    bad = {
        "flip": token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
        "truncate": token[: len(token) // 2],
        "other-purpose": tokens.make(pending, tokens.MANAGE),
        "garbage": "%00..::<script>",
    }[damage]
    response = client.get(f"/email-alerts/confirm/{bad}/")
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_a_confirmation_link_used_twice_just_says_subscribed(client, pending):
    url = link("confirm", pending, tokens.CONFIRM)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def test_links_stop_working_once_the_address_is_erased_even_if_its_id_comes_back(client):
    subscriber = SubscriptionFactory().subscriber
    url = link("manage", subscriber, tokens.MANAGE)
    subscriber_id = subscriber.pk
    subscriber.delete()
    # A new subscriber with the same id (SQLite reuses the highest id) gets a new salt.
    SubscriberFactory(pk=subscriber_id)
    assert client.get(url).status_code == 404


def test_the_manage_page_changes_frequency_and_removes_one_subscription(client):
    stories = SubscriptionFactory(kind=Kind.STORIES, frequency="daily")
    guidance = SubscriptionFactory(subscriber=stories.subscriber, kind=Kind.GUIDANCE)
    url = link("manage", stories.subscriber, tokens.MANAGE)

    page = client.get(url)
    assert "no-store" in page["Cache-Control"]
    assert "All success stories" in page.content.decode()

    response = client.post(
        url, {"action": "frequency", "subscription": stories.pk, f"s{stories.pk}-frequency": "weekly"}
    )
    assert "How often you get emails has been changed" in response.content.decode()
    stories.refresh_from_db()
    assert stories.frequency == "weekly"

    response = client.post(url, {"action": "remove", "subscription": guidance.pk})
    assert "You will no longer get emails about" in response.content.decode()
    assert list(Subscription.objects.all()) == [stories]


def test_the_manage_page_cannot_touch_someone_elses_subscription(client):
    mine = SubscriptionFactory()
    theirs = SubscriptionFactory(frequency="daily")
    url = link("manage", mine.subscriber, tokens.MANAGE)
    client.post(url, {"action": "remove", "subscription": theirs.pk})
    client.post(url, {"action": "frequency", "subscription": theirs.pk, f"s{theirs.pk}-frequency": "weekly"})
    theirs.refresh_from_db()
    assert theirs.frequency == "daily"


@pytest.mark.parametrize("subscription", ["", "x", "9" * 40, "-1", "١"])
def test_hostile_manage_posts_change_nothing_and_never_fail(client, subscription):
    mine = SubscriptionFactory(frequency="daily")
    url = link("manage", mine.subscriber, tokens.MANAGE)
    response = client.post(url, {"action": "frequency", "subscription": subscription})
    assert response.status_code == 200
    assert Subscription.objects.get().frequency == "daily"


def test_remove_all_deletes_the_address_and_then_the_link_no_longer_works(client):
    subscriber = SubscriptionFactory().subscriber
    SubscriptionFactory(subscriber=subscriber, kind=Kind.GUIDANCE)
    url = link("manage", subscriber, tokens.MANAGE)
    response = client.post(url, {"action": "remove-all"})
    assert "we have deleted your email address" in response.content.decode()
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_me_a_new_link_answers_the_same_for_any_address_and_mails_only_a_subscriber(client):
    SubscriptionFactory(subscriber=SubscriberFactory(email="known@example.org"))
    known = client.post("/email-alerts/new-link/", {"email": "known@example.org"}).content.decode()
    unknown = client.post("/email-alerts/new-link/", {"email": "nobody@example.org"}).content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|known@example.org|nobody@example.org')
    assert strip.sub("", known) == strip.sub("", unknown)
    client.post("/email-alerts/new-link/", {"email": "known@example.org"})  # within the hour: no second email
    run_worker()
    assert [message.to for message in mail.outbox] == [["known@example.org"]]
    manage_path = re.search(r"http://testserver(/email-alerts/manage/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(manage_path).status_code == 200


def test_one_click_unsubscribe_is_an_idempotent_post_without_csrf_or_cookies(db):
    mine = SubscriptionFactory(kind=Kind.STORIES)
    other = SubscriptionFactory(subscriber=mine.subscriber, kind=Kind.GUIDANCE)
    url = link("unsubscribe", mine.subscriber, tokens.UNSUBSCRIBE, [mine.pk])
    mail_client = Client(enforce_csrf_checks=True)

    # A GET (a mail scanner following the link) only shows the button.
    assert mail_client.get(url).status_code == 200
    assert Subscription.objects.count() == 2

    body = "List-Unsubscribe=One-Click"
    for _attempt in range(2):
        response = mail_client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200
        assert "You have unsubscribed" in response.content.decode()
    assert list(Subscription.objects.all()) == [other]

    # The last subscription gone, the address goes too.
    last = link("unsubscribe", mine.subscriber, tokens.UNSUBSCRIBE, [other.pk])
    assert mail_client.post(last, body, content_type="application/x-www-form-urlencoded").status_code == 200
    assert not Subscriber.objects.exists()
    assert mail_client.post(last, body, content_type="application/x-www-form-urlencoded").status_code == 200


def test_an_unsubscribe_link_cannot_be_forged_for_another_subscription(db):
    mine = SubscriptionFactory()
    theirs = SubscriptionFactory()
    token = tokens.make(mine.subscriber, tokens.UNSUBSCRIBE, [theirs.pk])
    Client().post(f"/email-alerts/unsubscribe/{token}/")
    assert Subscription.objects.count() == 2
    Client().post(f"/email-alerts/unsubscribe/{token[:-2]}xx/")
    assert Subscription.objects.count() == 2
