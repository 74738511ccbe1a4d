"""The public form is a ModelForm over EventSubmission: the model's own rules (EventDetails) run
after the form's, and their errors land on the inputs people typed, one message per input."""

import pytest

from django import forms

from events.forms import SUBMITTED_FIELDS, EventSubmissionForm
from events.models import EventDetails, EventSubmission
from guidance.factories import PriorityFactory
from home.factories import ThemeFactory

from .support import valid_data

pytestmark = pytest.mark.django_db

MODERATION_FIELDS = {
    "status",
    "submitted_at",
    "reviewer",
    "reviewed_at",
    "rejection_reason",
    "event_page",
    "personal_data_removed_at",
    "content_hash",
    "consented_at",
    "last_ends_at",
}


def with_model_rule(monkeypatch, extra):
    """Add `extra` ({field: message}) to the model's own rules, as a new rule in the mixin would."""
    original = EventDetails.detail_errors
    monkeypatch.setattr(EventDetails, "detail_errors", lambda self: {**original(self), **extra})


def test_the_form_is_over_the_model_and_never_offers_moderation_fields(area, category):
    form = EventSubmissionForm(valid_data(area, category))
    assert isinstance(form, forms.ModelForm) and form._meta.model is EventSubmission
    assert not MODERATION_FIELDS & set(form.fields)
    model_fields = {field.name for field in EventSubmission._meta.fields}
    assert set(SUBMITTED_FIELDS) <= model_fields
    assert form.is_valid(), form.errors
    # The derived details are on the instance the model's rules checked.
    for name, value in form.submission_values().items():
        assert getattr(form.instance, name) == value, name
    assert form.instance.start is not None and form.instance.in_person and form.instance.step_free_access


def test_the_models_errors_on_start_and_end_point_at_the_time_inputs(area, category, monkeypatch):
    with_model_rule(monkeypatch, {"start": "Model rule on the start", "end": "Model rule on the end"})
    form = EventSubmissionForm(valid_data(area, category))
    assert not form.is_valid()
    assert form.errors["start_time"] == ["Model rule on the start"]
    assert form.errors["end_time"] == ["Model rule on the end"]
    assert ("start_time", "Model rule on the start") in form.error_list
    assert ("end_time", "Model rule on the end") in form.error_list


def test_for_an_all_day_event_they_point_at_the_date_inputs(area, category, monkeypatch):
    with_model_rule(monkeypatch, {"start": "Model rule on the start", "end": "Model rule on the end"})
    form = EventSubmissionForm(valid_data(area, category, all_day="on", start_time="", end_time=""))
    assert not form.is_valid()
    assert form.errors["start_date"] == ["Model rule on the start"]
    assert form.errors["end_date"] == ["Model rule on the end"]
    anchors = dict(form.error_list)
    assert anchors[form["start_date"].first_error_id] == "Model rule on the start"
    assert anchors[form["end_date"].first_error_id] == "Model rule on the end"


def test_a_model_error_never_doubles_a_form_error_nor_shows_inside_a_closed_reveal(
    area, category, monkeypatch
):
    with_model_rule(
        monkeypatch, {"title": "Model rule on the title", "venue_name": "Model rule on the venue"}
    )
    data = valid_data(area, category, title="", where=["online"], online_url="https://meet.example.org/1")
    form = EventSubmissionForm(data)
    assert not form.is_valid()
    # Every error the form finds is still shown at once; the model adds none on top.
    assert form.errors["title"] == ["Enter the event title"]
    assert "venue_name" not in form.errors


def test_a_posted_priority_or_theme_is_never_stored_from_the_public_form(client, submit_page, area, category):
    priority, theme = PriorityFactory(), ThemeFactory()
    data = valid_data(area, category, priority=str(priority.pk), themes=[str(theme.pk)])
    assert "priority" not in EventSubmissionForm(data).fields
    response = client.post(submit_page.url, data)
    assert response.status_code == 200 and "govuk-panel--confirmation" in response.content.decode()
    submission = EventSubmission.objects.get()
    assert submission.priority is None and not submission.themes.exists()
