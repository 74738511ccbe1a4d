"""The submission form in a community language: the event is still written in English, but the
labels, hints and error messages are the visitor's language (locale/<code>/LC_MESSAGES)."""

import re

import pytest

from events import emails
from events.models import EventSubmission

from .support import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_rate_window(monkeypatch):
    monkeypatch.setattr("events.spam.rate_clock", lambda: 1_800_000_000.0)


def error_summary(html):
    return re.search(r'class="govuk-error-summary".*?</ul>', html, re.S).group(0)


def test_the_polish_form_has_polish_labels_and_hints(client, submit_page, area, category):
    html = client.get(f"/pl{submit_page.url}").content.decode()
    assert '<html lang="pl"' in html
    for polish in (
        "Tytuł wydarzenia",  # a label
        "Na przykład 7pm lub 19:30",  # a hint
        "Dostęp bez schodów",  # an inclusion choice
        "Co tydzień, w ten sam dzień tygodnia",  # a repeat choice
        "Miesiąc",  # a date box
        "Wyślij wydarzenie do sprawdzenia",  # the button
    ):
        assert polish in html, polish
    for english in ("Event title", "For example, 7pm or 19:30", "Send event for checking"):
        assert english not in html, english


def test_a_bad_polish_post_gets_a_polish_error_summary_and_saves_nothing(client, submit_page, area, category):
    data = valid_data(
        area, category, title="", contact_email="sam@", start_date_day="31", start_date_month="2"
    )
    data["summary"] = "x" * 301
    response = client.post(f"/pl{submit_page.url}", data)
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert "Wystąpił problem" in summary
    assert "Wpisz tytuł wydarzenia" in summary
    assert "Wpisz adres e-mail w prawidłowym formacie, np. name@example.com" in summary
    # Messages built around a field's name: the name and the sentence are both Polish.
    assert "Data rozpoczęcia musi być prawdziwą datą" in summary
    assert "Podsumowanie wydarzenia może mieć najwyżej 300 znaków" in summary
    assert "Enter" not in summary and "must" not in summary
    assert not EventSubmission.objects.exists()


def test_the_english_form_is_unchanged(client, submit_page, area, category):
    data = valid_data(area, category, title="", start_date_day="31", start_date_month="2")
    summary = error_summary(client.post(submit_page.url, data).content.decode())
    assert "Enter the event title" in summary and "The start date must be a real date" in summary


def character_count(html):
    return re.search(r'<div class="govuk-form-group govuk-character-count"[^>]*>', html).group(0)


def test_the_polish_form_gives_the_character_count_polish_messages(client, submit_page, area, category):
    html = client.get(f"/pl{submit_page.url}").content.decode()
    group = character_count(html)
    assert 'data-i18n.characters-under-limit.few="Pozostały %{count} znaki"' in group
    assert 'data-i18n.characters-over-limit.many="Masz o %{count} znaków za dużo"' in group
    # The form is inside the English page (no Polish translation of it yet), so the count says
    # which language it speaks; GOV.UK picks the plural rules by that lang.
    assert 'lang="pl"' in group


def test_the_english_form_keeps_the_english_messages(client, submit_page, area, category):
    html = client.get(submit_page.url).content.decode()
    group = character_count(html)
    assert 'data-i18n.characters-under-limit.one="You have %{count} character remaining"' in group
    assert 'data-i18n.characters-under-limit.other="You have %{count} characters remaining"' in group
    assert "lang=" not in group


def test_a_submission_sent_from_the_polish_form_is_acknowledged_in_polish(
    client, submit_page, area, category, moderator_email
):
    response = client.post(f"/pl{submit_page.url}", valid_data(area, category))
    assert response.status_code == 200
    assert "Twój numer referencyjny" in response.content.decode()
    submission = EventSubmission.objects.get()
    assert submission.language == "pl"

    acknowledgement = emails.build_message(emails.ACKNOWLEDGEMENT, submission)
    assert acknowledgement.subject == "Otrzymaliśmy Twoje wydarzenie: Community lunch"
    assert "Dziękujemy za przesłanie wydarzenia do Bringing People Together." in acknowledgement.body
    assert f"Numer referencyjny: {submission.reference}" in acknowledgement.body
    assert "Redaktor sprawdzi Twoje wydarzenie w ciągu 5 dni roboczych." in acknowledgement.body
    assert "Thank you" not in acknowledgement.body and "What happens next" not in acknowledgement.body
    # The editors read English whatever language the form was sent in.
    alert = emails.build_message(emails.EDITOR_ALERT, submission)
    assert alert.subject == "New event to check: Community lunch"


def test_a_submission_sent_from_the_english_form_is_acknowledged_in_english(
    client, submit_page, area, category
):
    client.post(submit_page.url, valid_data(area, category))
    submission = EventSubmission.objects.get()
    assert submission.language == "en-gb"
    acknowledgement = emails.build_message(emails.ACKNOWLEDGEMENT, submission)
    assert acknowledgement.subject == "We have received your event: Community lunch"
    assert "What happens next" in acknowledgement.body
