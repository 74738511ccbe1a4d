"""Every email says everything it means to: each template rendered with real data, every
placeholder filled (no "...phone number  days after the event ends"), and the editors' alert
never silently dropped."""

import logging
import re
from datetime import timedelta

import pytest

from django.core import mail
from django.template import Context, Variable, engines
from django.template.base import VariableNode
from django.template.loader_tags import IncludeNode

from events import emails
from events.factories import EventSubmissionFactory
from events.moderation import approve, reject
from events.schedule import Repeat
from events.tasks import send_submission_email
from home.models import SiteSettings

pytestmark = pytest.mark.django_db

MISSING = "@@MISSING:%s@@"


@pytest.fixture
def strict_templates(settings):
    """A variable the context lacks renders as a marker instead of nothing."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid": MISSING},
        }
    ]
    yield
    engines._engines = {}


@pytest.fixture
def site_contact(db):
    site_settings = SiteSettings.load()
    site_settings.organisation_name = "Derbyshire County Council"
    site_settings.contact_email = "policy@derbyshire.example"
    site_settings.save()
    return site_settings


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("moderator", "moderator@derbyshire.example", "pw")


def variables(template_name):
    """Every {{ variable }} of a template and the templates it includes: (template, expression)."""
    template = engines["django"].get_template(template_name).template
    found = [
        (template_name, node.filter_expression.token)
        for node in template.nodelist.get_nodes_by_type(VariableNode)
    ]
    for include in template.nodelist.get_nodes_by_type(IncludeNode):
        found += variables(include.template.var)
    return found


def assert_every_placeholder_filled(kind, message):
    """Nothing missing, nothing empty: each variable of the body and subject templates has a value."""
    for part in (message.subject, message.body):
        assert "@@MISSING" not in part, part
        for line in part.splitlines():
            assert not re.search(r"\S  +\S", line), f"an empty value left a gap: {line!r}"
            assert not re.search(r"\s[,.:;]", line), f"an empty value before punctuation: {line!r}"
    context = Context(emails.build_context(kind, message.submission), autoescape=False)
    for name in (f"events/emails/{kind}.txt", f"events/emails/{kind}_subject.txt"):
        for template_name, expression in variables(name):
            value = Variable(expression.split("|")[0]).resolve(context)
            assert str(value).strip(), f"{template_name}: {{{{ {expression} }}}} is empty"


@pytest.fixture
def repeating_submission(db):
    submission = EventSubmissionFactory(
        title="Conversation café", organiser_name="Matlock Neighbours", contact_name="Sam Jones"
    )
    submission.repeat = Repeat.WEEKLY
    submission.repeat_until = (submission.start + timedelta(days=60)).date()
    submission.save()
    return submission


def build(kind, submission):
    message = emails.build_message(kind, submission)
    message.submission = submission
    return message


def test_the_acknowledgement_says_how_many_days_until_contact_details_are_deleted(
    strict_templates, site_contact, repeating_submission, settings
):
    settings.SUBMISSION_RETENTION_DAYS = 90
    message = build(emails.ACKNOWLEDGEMENT, repeating_submission)
    assert "phone number 90 days after the event ends" in message.body
    assert_every_placeholder_filled(emails.ACKNOWLEDGEMENT, message)


def test_the_editors_alert_fills_every_placeholder(
    strict_templates, site_contact, moderator, repeating_submission
):
    message = build(emails.EDITOR_ALERT, repeating_submission)
    assert message.to == ["moderator@derbyshire.example"]
    assert "Matlock Neighbours has submitted an event" in message.body
    assert_every_placeholder_filled(emails.EDITOR_ALERT, message)


def test_the_approval_fills_every_placeholder_and_links_the_event(
    strict_templates, site_contact, moderator, repeating_submission, events_index
):
    page = approve(repeating_submission, moderator, publish=True)
    repeating_submission.refresh_from_db()
    message = build(emails.APPROVED, repeating_submission)
    assert page.full_url in message.body
    assert_every_placeholder_filled(emails.APPROVED, message)


def test_the_rejection_fills_every_placeholder_and_gives_the_reason(
    strict_templates, site_contact, moderator, repeating_submission
):
    reject(repeating_submission, moderator, "It is a commercial event.")
    repeating_submission.refresh_from_db()
    message = build(emails.REJECTED, repeating_submission)
    assert "It is a commercial event." in message.body
    assert_every_placeholder_filled(emails.REJECTED, message)


def test_with_no_moderator_email_the_alert_goes_to_the_site_contact_email(site_contact, repeating_submission):
    message = emails.build_message(emails.EDITOR_ALERT, repeating_submission)
    assert message.to == ["policy@derbyshire.example"]


def test_with_nobody_to_alert_the_task_warns_and_tries_again_later(repeating_submission, caplog, settings):
    settings.SUBMISSION_EMAIL_RETRY_DELAYS = [60]
    SiteSettings.load().__class__.objects.update(contact_email="")
    mail.outbox = []
    with caplog.at_level(logging.WARNING, logger="events.submissions"):
        outcome = send_submission_email.call(emails.EDITOR_ALERT, repeating_submission.pk)
    assert outcome.startswith("retry at")
    assert "Attempt 1 to send editor_alert email" in caplog.text
    assert "no moderator and no contact email" in caplog.text
    assert mail.outbox == []
