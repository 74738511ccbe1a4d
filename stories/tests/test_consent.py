"""The consent rule: no story goes live without a record that the people in it agreed."""

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from stories.factories import StoryPageFactory
from stories.forms import CONSENT_RULE
from stories.models import StoryPage
from testing.auth import sign_in

pytestmark = pytest.mark.django_db

CONSENT = {"consent_people": "Everyone pictured", "consent_date": "2026-11-01", "consent_method": "form"}


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "password")
    sign_in(client, user)
    return user


def story_form(slug="shared-lunch", consent=None, **actions):
    data = nested_form_data(
        {
            "title": "Shared lunch",
            "slug": slug,
            "listing_date": "2026-11-01",
            "summary": "Neighbours cook for each other.",
            "body": streamfield([("paragraph", rich_text("<p>The hall fills up.</p>"))]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            **(consent or {}),
        }
    )
    return {**data, **actions}


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("stories", "storypage", index.pk))


def messages_in(response):
    return " ".join(str(message) for message in response.context["messages"])


def test_model_refuses_to_publish_a_story_without_consent(index):
    story = StoryPageFactory(parent=index, without_consent=True)
    revision = story.save_revision()  # drafts are fine without consent
    with pytest.raises(ValidationError) as error:
        revision.publish()
    assert CONSENT_RULE in error.value.messages
    story.refresh_from_db()
    assert not story.live


def test_model_publishes_a_story_once_consent_is_recorded(index):
    story = StoryPageFactory(parent=index, without_consent=True)
    story.consent_people = "Everyone pictured"
    story.consent_date = "2026-11-01"
    story.consent_method = "email"
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.live


def test_live_story_cannot_lose_its_consent_record(index):
    story = StoryPageFactory(parent=index)
    story.consent_people = ""
    with pytest.raises(ValidationError):
        story.save()


def test_admin_explains_why_a_story_without_consent_cannot_be_published(client, editor, index):
    response = client.post(add_url(index), story_form(**{"action-publish": "publish"}))
    assert response.status_code == 200  # the form again, not a redirect
    assert not StoryPage.objects.filter(slug="shared-lunch").exists()
    assert CONSENT_RULE in messages_in(response)
    form = response.context["form"]
    assert {"consent_people", "consent_date", "consent_method"} <= set(form.errors)


def test_admin_saves_a_draft_without_consent(client, editor, index):
    response = client.post(add_url(index), story_form())
    assert response.status_code == 302, response.context["form"].errors
    story = StoryPage.objects.get(slug="shared-lunch")
    assert not story.live


def test_admin_publishes_a_story_with_consent(client, editor, index):
    response = client.post(add_url(index), story_form(consent=CONSENT, **{"action-publish": "publish"}))
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="shared-lunch")
    assert story.live
    assert story.consent_method == "form"


def test_admin_will_not_send_a_story_without_consent_for_approval(client, editor, index):
    Workflow.objects.get(name="Moderators approval")  # the default workflow sends stories for approval
    response = client.post(add_url(index), story_form(**{"action-submit": "submit"}))
    assert response.status_code == 200
    assert CONSENT_RULE in messages_in(response)
    assert not StoryPage.objects.filter(slug="shared-lunch").exists()


def test_story_awaiting_approval_keeps_its_consent_record(client, editor, index):
    response = client.post(add_url(index), story_form(consent=CONSENT, **{"action-submit": "submit"}))
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="shared-lunch")
    assert story.workflow_in_progress
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    response = client.post(url, story_form())  # a plain save that drops the consent record
    assert response.status_code == 200
    assert CONSENT_RULE in messages_in(response)
    assert story.get_latest_revision_as_object().has_consent_record


def test_admin_edit_of_a_draft_is_refused_at_publish_not_at_save(client, editor, index):
    story = StoryPageFactory(parent=index, slug="shared-lunch", without_consent=True)
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    assert client.post(url, story_form()).status_code == 302
    response = client.post(url, story_form(**{"action-publish": "publish"}))
    assert response.status_code == 200
    assert CONSENT_RULE in messages_in(response)
    story.refresh_from_db()
    assert not story.live


def test_bulk_publish_refuses_stories_without_consent(client, editor, index):
    ready = StoryPageFactory(parent=index, live=False)
    ready.save_revision()
    lacking = StoryPageFactory(parent=index, without_consent=True, title="No consent yet")
    lacking.save_revision()
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={ready.pk}&id={lacking.pk}&next=/admin/pages/{index.pk}/"
    )
    response = client.post(url, {}, follow=True)
    assert "has no consent record: 'No consent yet'" in messages_in(response)
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert not ready.live and not lacking.live


def test_consent_tab_explains_the_rule_to_editors(client, editor, index):
    response = client.get(add_url(index))
    content = response.content.decode()
    assert "A story cannot be published without a consent record." in content
    assert 'name="consent_people"' in content
