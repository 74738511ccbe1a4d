"""The "Submit an event" page: GOV.UK form patterns, nothing saved from a rejected form,
a confirmation that says what happens next, spam defences, friendly 413/429/400 pages."""

import logging

import pytest
from django_tasks_db.models import DBTaskResult

from events.models import EventSubmission
from testing.html_validator import validate_documents

from .support import served_token, upload, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_rate_window(monkeypatch):
    """Keep every request of a test inside one rate-limit window."""
    monkeypatch.setattr("events.spam.rate_clock", lambda: 1_800_000_000.0)


def post(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_the_form_page_is_never_cached_and_carries_its_spam_defences(client, submit_page):
    response = client.get(submit_page.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'name="form_token"' in html and 'name="website"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'data-module="govuk-character-count" data-maxlength="300"' in html
    assert 'id="start_date_day"' in html and 'data-aria-controls="conditional-in_person"' in html


def test_a_valid_submission_is_stored_pending_and_confirmed_with_what_happens_next(
    client, submit_page, area, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, submit_page, valid_data(area, category))
    assert response.status_code == 200
    submission = EventSubmission.objects.get()
    assert submission.status == EventSubmission.Status.PENDING
    html = response.content.decode()
    assert "govuk-panel--confirmation" in html and submission.reference in html
    assert "What happens next" in html and "working days" in html
    assert "no-store" in response["Cache-Control"]
    # The acknowledgement and the editors' alert wait in the queue, not in the request.
    assert DBTaskResult.objects.filter(queue_name="email").count() == 2


def test_a_rejected_form_keeps_what_was_typed_saves_nothing_and_is_logged(
    client, submit_page, area, category, caplog
):
    data = valid_data(area, category, title="Community lunch & chat", contact_email="sam@", image_alt="Soup")
    with caplog.at_level(logging.INFO, logger="events.submissions"):
        response = post(client, submit_page, {**data, "image": upload()})
    assert "invalid contact_email" in caplog.text
    assert response.status_code == 200
    html = response.content.decode()
    assert EventSubmission.objects.count() == 0
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
    assert '<a href="#contact_email">Enter an email address in the correct format' in html
    assert 'value="Community lunch &amp; chat"' in html
    assert 'value="sam@"' in html
    assert "You need to choose the image again" in html
    assert html.count("govuk-form-group--error") == 1
    assert "<title>Error: " in html


def test_hostile_text_is_escaped_on_the_public_page(client, submit_page, area, category):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post(client, submit_page, valid_data(area, category, title=hostile, contact_email="bad"))
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_honeypot_gets_a_confirmation_but_nothing_is_stored_and_it_is_logged(
    client, submit_page, area, category, caplog
):
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        response = post(client, submit_page, valid_data(area, category, website="http://spam.example"))
    assert response.status_code == 200
    assert "govuk-panel--confirmation" in response.content.decode()
    assert EventSubmission.objects.count() == 0
    assert "honeypot" in caplog.text


def test_a_form_sent_faster_than_a_person_could_fill_it_is_refused_and_logged(
    client, submit_page, area, category, caplog, settings
):
    settings.SUBMISSION_MIN_FILL_SECONDS = 3
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        response = post(
            client, submit_page, valid_data(area, category, form_token=served_token(seconds_ago=1))
        )
    assert "This form was sent too quickly" in response.content.decode()
    assert 'value="Community lunch"' in response.content.decode()
    assert EventSubmission.objects.count() == 0
    assert "seconds after the form was served" in caplog.text


@pytest.mark.parametrize(
    "token",
    ["", "forged-token", served_token(seconds_ago=3 * 24 * 3600)],
    ids=["missing", "forged", "stale"],  # fixed ids: every xdist worker must collect the same tests
)
def test_a_missing_forged_or_stale_form_token_is_refused(client, submit_page, area, category, token, caplog):
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        response = post(client, submit_page, valid_data(area, category, form_token=token))
    assert "This form has expired" in response.content.decode()
    assert EventSubmission.objects.count() == 0
    assert "form token" in caplog.text


def test_after_the_limit_a_friendly_429_page_is_shown_and_logged(
    client, submit_page, area, category, settings, caplog
):
    settings.SUBMISSION_RATE_LIMIT = 5
    statuses = []
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        for number in range(7):
            statuses.append(
                post(client, submit_page, valid_data(area, category, title=f"Lunch {number}")).status_code
            )
    assert statuses == [200] * 5 + [429, 429]
    assert EventSubmission.objects.count() == 5
    response = post(client, submit_page, valid_data(area, category, title="One more"))
    html = response.content.decode()
    assert "Sorry, you have sent too many forms" in html and 'class="bpt-header"' in html
    assert int(response["Retry-After"]) > 0
    assert "more than 5 in 600s" in caplog.text


def test_another_address_is_not_held_back_by_the_first(client, submit_page, area, category, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    assert post(client, submit_page, valid_data(area, category, title="A")).status_code == 200
    assert post(client, submit_page, valid_data(area, category, title="B")).status_code == 429
    other = post(client, submit_page, valid_data(area, category, title="C"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_an_exact_duplicate_is_not_stored_twice(
    client, submit_page, area, category, django_capture_on_commit_callbacks
):
    data = valid_data(area, category)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, submit_page, data)
        second = post(
            client, submit_page, {**data, "title": " community  lunch", "form_token": served_token()}
        )
    submission = EventSubmission.objects.get()
    assert submission.reference in first.content.decode() and submission.reference in second.content.decode()
    assert DBTaskResult.objects.count() == 2


def test_a_request_over_the_size_limit_gets_the_friendly_413_page(
    client, submit_page, area, category, settings
):
    settings.SUBMISSION_MAX_REQUEST_BYTES = 2000
    data = valid_data(area, category, image_alt="Soup", description="x" * 3000)
    response = post(client, submit_page, data)
    assert response.status_code == 413
    assert "Sorry, what you sent is too large" in response.content.decode()
    assert EventSubmission.objects.count() == 0


def test_a_body_over_django_upload_limit_gets_our_413_page_not_a_500(
    client, submit_page, area, category, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(client, submit_page, valid_data(area, category, description="x" * 2000))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Sorry, what you sent is too large" in html and 'class="bpt-header"' in html
    assert EventSubmission.objects.count() == 0


def test_other_refused_requests_get_our_400_page(client, submit_page, area, category, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = post(client, submit_page, valid_data(area, category))
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


def test_an_oversized_image_is_an_inline_error_not_an_error_page(client, submit_page, area, category):
    big = upload(content=b"\xff\xd8" + b"0" * (5 * 1024 * 1024))
    response = post(client, submit_page, {**valid_data(area, category, image_alt="Soup"), "image": big})
    assert response.status_code == 200
    assert "The image must be smaller than 5 MB" in response.content.decode()
    assert EventSubmission.objects.count() == 0


def test_the_events_calendar_links_to_the_form(client, submit_page, events_index):
    html = client.get(events_index.url).content.decode()
    assert f'<a class="govuk-link" href="{submit_page.url}">Submit your event</a>' in html


@pytest.mark.html_validity
def test_the_form_with_errors_the_confirmation_and_the_refusal_pages_are_valid_html(
    client, submit_page, area, category, settings
):
    settings.SUBMISSION_RATE_LIMIT = 1
    documents = {
        "errors": post(client, submit_page, valid_data(area, category, title="", repeats="on", where=[])),
        "confirmation": post(client, submit_page, valid_data(area, category)),
        "429": post(client, submit_page, valid_data(area, category, title="Another")),
    }
    settings.SUBMISSION_MAX_REQUEST_BYTES = 100
    documents["413"] = post(client, submit_page, valid_data(area, category))
    settings.SUBMISSION_MAX_REQUEST_BYTES = 10_000_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    documents["400"] = post(client, submit_page, valid_data(area, category))
    assert [response.status_code for response in documents.values()] == [200, 200, 429, 413, 400]
    errors = validate_documents({name: response.content.decode() for name, response in documents.items()})
    assert not errors, errors
