"""Every alert page passes the Nu Html Checker, errors and refusals included."""

import pytest

from alerts import tokens
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Kind
from testing.html_validator import validate_documents

pytestmark = [pytest.mark.django_db, pytest.mark.html_validity]


def test_the_alert_pages_have_valid_html(client, home, area, settings):
    documents = {
        "subscribe": client.get(f"/email-alerts/?kind=events&area={area.slug}&access=bsl"),
        "subscribe to stories": client.get("/email-alerts/?kind=stories"),
        "subscribe with errors": client.post("/email-alerts/?kind=events", {"email": "nope"}),
        "check your email": client.post(
            "/email-alerts/?kind=guidance", {"email": "a@example.org", "frequency": "daily"}
        ),
        "new link": client.get("/email-alerts/new-link/"),
        "new link with errors": client.post("/email-alerts/new-link/", {"email": ""}),
        "link sent": client.post("/email-alerts/new-link/", {"email": "a@example.org"}),
        "invalid link": client.get("/email-alerts/manage/nope/"),
    }
    subscriber = SubscriberFactory(confirmed_at=None)
    SubscriptionFactory(subscriber=subscriber, kind=Kind.STORIES, confirmed_at=None)
    documents["confirmed"] = client.get(f"/email-alerts/confirm/{tokens.make(subscriber, tokens.CONFIRM)}/")
    manage = f"/email-alerts/manage/{tokens.make(subscriber, tokens.MANAGE)}/"
    documents["manage"] = client.get(manage)
    item = subscriber.subscriptions.get()
    documents["manage after a change"] = client.post(
        manage, {"action": "frequency", "subscription": item.pk, f"s{item.pk}-frequency": "weekly"}
    )
    unsubscribe = f"/email-alerts/unsubscribe/{tokens.make(subscriber, tokens.UNSUBSCRIBE, [item.pk])}/"
    documents["unsubscribe"] = client.get(unsubscribe)
    documents["unsubscribed"] = client.post(unsubscribe)
    expired = tokens.make(SubscriberFactory(), tokens.CONFIRM)
    settings.ALERT_TOKEN_MAX_AGE = {**settings.ALERT_TOKEN_MAX_AGE, "confirm": -1}
    documents["expired"] = client.get(f"/email-alerts/confirm/{expired}/")
    settings.ALERT_RATE_LIMIT = 0
    documents["too many"] = client.post(
        "/email-alerts/?kind=events", {"email": "b@example.org", "frequency": "daily"}
    )
    assert documents["too many"].status_code == 429
    assert documents["expired"].status_code == 410
    errors = validate_documents({name: response.content.decode() for name, response in documents.items()})
    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())
