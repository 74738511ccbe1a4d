"""Email alerts in the reader's language: the pages and form in the visitor's language, and every
email written in the language the address used when it subscribed (English otherwise)."""

import re

import pytest

from django.core import mail

from alerts import emails
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Subscriber
from alerts.tasks import match_page

from .conftest import publish, run_worker

URL = "/email-alerts/"


@pytest.mark.django_db
def test_the_polish_subscribe_page_and_its_errors_are_polish(client):
    html = client.get(f"/pl{URL}?kind=events").content.decode()
    assert '<html lang="pl"' in html
    for polish in ("Otrzymuj e-maile o wydarzeniach", "Jak często chcesz dostawać e-maile?", "Zasubskrybuj"):
        assert polish in html, polish
    assert "Get emails about" not in html and "How often do you want emails?" not in html
    html = client.post(f"/pl{URL}?kind=events", {"email": "sam@", "frequency": ""}).content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S).group(0)
    assert "Wystąpił problem" in summary
    assert "Wybierz, jak często chcesz dostawać e-maile" in summary
    assert "Enter" not in summary and "Select" not in summary


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_subscriber_who_signed_up_on_the_polish_site_gets_polish_emails(client, new_event):
    response = client.post(f"/pl{URL}?kind=events", {"email": "ola@example.org", "frequency": "immediate"})
    assert "Sprawdź swoją skrzynkę e-mail" in response.content.decode()
    assert Subscriber.objects.get(email="ola@example.org").language == "pl"

    run_worker()
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "Potwierdź powiadomienia e-mail od Bringing People Together"
    assert "Ktoś, mamy nadzieję, że Ty, poprosił o e-maile" in confirmation.body
    assert "Wszystkie wydarzenia (od razu, gdy coś się wydarzy)" in confirmation.body
    # The link opens the confirmation in Polish too.
    assert re.search(r"http://testserver/pl/email-alerts/confirm/\S+/", confirmation.body)
    html, _mimetype = confirmation.alternatives[0]
    assert '<html lang="pl" dir="ltr">' in html and "Potwierdź powiadomienia e-mail" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_polish_subscribers_alert_is_polish_and_an_english_one_english(new_event):
    SubscriptionFactory(subscriber=SubscriberFactory(email="ola@example.org", language="pl"))
    SubscriptionFactory(subscriber=SubscriberFactory(email="sam@example.org"))
    event = new_event(title="Community lunch")
    publish(event)
    match_page.call(event.pk)
    run_worker()
    sent = {message.to[0]: message for message in mail.outbox}
    alert = sent["ola@example.org"]
    assert alert.subject == "Nowe wydarzenia: Community lunch"
    assert "Dostajesz ten e-mail, ponieważ subskrybujesz:" in alert.body
    assert "Zrezygnuj z tych e-maili:" in alert.body
    assert "You get this email" not in alert.body
    assert sent["sam@example.org"].subject == "New events: Community lunch"


@pytest.mark.django_db
def test_an_english_or_unknown_language_subscriber_gets_english():
    english = SubscriptionFactory(subscriber=SubscriberFactory(email="sam@example.org")).subscriber
    assert english.language == "en-gb"
    message = emails.confirmation_message(english)
    assert message.subject == "Confirm your email alerts from Bringing People Together"
    assert "/email-alerts/confirm/" in message.body and "/pl/" not in message.body
    # A language taken out of the settings since: English, not an error.
    gone = SubscriptionFactory(
        subscriber=SubscriberFactory(email="kim@example.org", language="de")
    ).subscriber
    assert (
        emails.manage_link_message(gone).subject == "Manage your email alerts from Bringing People Together"
    )


@pytest.mark.django_db
def test_managing_from_the_urdu_site_switches_the_emails_to_urdu(client):
    subscription = SubscriptionFactory(subscriber=SubscriberFactory(confirmed_at="2026-01-01T00:00Z"))
    subscriber = subscription.subscriber
    path = re.search(
        r"http://testserver(/email-alerts/manage/\S+/)", emails.manage_link_message(subscriber).body
    )
    client.post(f"/ur{path.group(1)}", {"action": "frequency", "subscription": subscription.pk})
    subscriber.refresh_from_db()
    assert subscriber.language == "ur"
    assert emails.manage_link_message(subscriber).subject == (
        "Bringing People Together سے اپنے ای میل الرٹس کا انتظام کریں"
    )
