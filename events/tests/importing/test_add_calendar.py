"""The public "Add your calendar" form: GOV.UK errors, a pending source that is never fetched
before a Moderator approves it, the shared spam defences; and who may manage sources."""

import pytest

from events.factories import AddCalendarPageFactory
from events.importing.run import import_due_sources
from events.models import CalendarSource
from events.tests.submissions.support import served_token
from home.roles import EDITORS, MODERATORS
from testing.html_validator import validate_documents

from .conftest import NOW, fixture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_rate_window(monkeypatch, settings):
    """Keep every request of a test inside one rate-limit window; no minimum fill time."""
    monkeypatch.setattr("events.spam.rate_clock", lambda: 1_800_000_000.0)
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


@pytest.fixture
def add_page(events_index):
    return AddCalendarPageFactory(parent=events_index)


def answers(**overrides):
    data = {
        "url": "webcal://calendar.google.com/calendar/ical/cafe%40group.calendar.google.com/public/basic.ics",
        "name": "Matlock Community Café",
        "organiser_url": "https://matlockcafe.example.org",
        "contact_name": "Sam Jones",
        "contact_email": "sam@example.org",
        "website": "",
        "form_token": served_token(),
    }
    return {**data, **overrides}


def test_a_group_asks_for_its_calendar_and_a_pending_source_is_stored_unfetched(
    client, add_page, calendar_server
):
    response = client.post(add_page.url, answers())

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-panel--confirmation" in html and "We do not read it until it has been approved" in html
    assert "no-store" in response["Cache-Control"]
    source = CalendarSource.objects.get()
    assert source.status == CalendarSource.Status.PENDING and source.from_public_form
    assert (source.name, source.contact_email) == ("Matlock Community Café", "sam@example.org")

    # The test server stands in for the group's address (the form accepts only https).
    source.url = calendar_server.serve("/cafe.ics", fixture_bytes("google.ics"))
    source.save()
    import_due_sources(now=NOW)
    assert calendar_server.requests == []  # nothing fetched before approval
    source.status = CalendarSource.Status.APPROVED
    source.save()
    import_due_sources(now=NOW)
    assert len(calendar_server.requests) == 1


def test_a_webcal_address_is_stored_as_https(client, add_page):
    client.post(add_page.url, answers())
    assert CalendarSource.objects.get().url.startswith("https://calendar.google.com/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "", "Enter your calendar&#x27;s public address"),
        (
            "url",
            "http://example.org/c.ics",
            "Enter the calendar&#x27;s address, starting https:// or webcal://",
        ),
        ("url", "javascript:alert(1)", "Enter the calendar&#x27;s address, starting https:// or webcal://"),
        ("name", "", "Enter the name of your group"),
        ("contact_email", "sam@", "Enter an email address in the correct format"),
        ("organiser_url", "ftp://x.example", "Enter your group&#x27;s website in the correct format"),
    ],
)
def test_mistakes_show_a_govuk_error_summary_and_save_nothing(client, add_page, field, value, message):
    response = client.post(add_page.url, answers(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and f'<a href="#{field}">' in html and message in html
    assert not CalendarSource.objects.exists()


def test_the_same_calendar_asked_for_twice_is_stored_once(client, add_page):
    client.post(add_page.url, answers())
    client.post(add_page.url, answers(form_token=served_token()))
    assert CalendarSource.objects.count() == 1


def test_the_honeypot_and_the_rate_limit_protect_the_form(client, add_page, settings):
    response = client.post(add_page.url, answers(website="https://spam.example"))
    assert response.status_code == 200 and not CalendarSource.objects.exists()
    settings.CALENDAR_SOURCE_RATE_LIMIT = 1
    client.post(add_page.url, answers(url="https://a.example/one.ics"))
    response = client.post(add_page.url, answers(url="https://a.example/two.ics", form_token=served_token()))
    assert response.status_code == 429 and response["Retry-After"]
    assert CalendarSource.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"url": ["a", "b"], "name": "\x00" * 5000},
        {"url": "https://" + "a" * 5000 + ".example/c.ics"},
        {"contact_email": "sam@" + "x" * 300 + ".example.org", "organiser_url": "https://[::1"},
    ],
)
def test_hostile_answers_get_errors_not_a_server_error(client, add_page, data):
    response = client.post(add_page.url, answers(**data))
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


@pytest.mark.html_validity
def test_the_form_its_errors_and_the_confirmation_are_valid_html(client, add_page):
    documents = {
        "form": client.get(add_page.url),
        "errors": client.post(add_page.url, answers(url="", contact_email="x")),
        "confirmation": client.post(add_page.url, answers()),
    }
    assert [response.status_code for response in documents.values()] == [200, 200, 200]
    errors = validate_documents({name: response.content.decode() for name, response in documents.items()})
    assert not errors, errors


def test_moderators_manage_sources_and_editors_only_see_them(client, role_user):
    from testing.auth import sign_in

    moderator = role_user(MODERATORS)
    sign_in(client, moderator)
    response = client.post(
        "/admin/calendar_sources/new/",
        {"name": "Walkers", "url": "webcal://walks.example.org/c.ics", "status": "approved",
         "trust": "review", "interval_minutes": 60},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    source = CalendarSource.objects.get()
    assert source.url == "https://walks.example.org/c.ics"

    client.logout()
    editor = role_user(EDITORS)
    sign_in(client, editor)
    assert client.get("/admin/calendar_sources/").status_code == 200
    assert client.get(f"/admin/calendar_sources/inspect/{source.pk}/").status_code == 200
    assert client.get("/admin/calendar_sources/new/").status_code in (302, 403)
    assert client.get(f"/admin/calendar_sources/edit/{source.pk}/").status_code in (302, 403)


def test_the_events_calendar_links_to_the_form(client, add_page, events_index):
    html = client.get(events_index.url).content.decode()
    assert f'<a class="govuk-link" href="{add_page.url}">Add your calendar</a>' in html
