"""The feedback form and every page it leads to pass the Nu Html Checker."""

import pytest

from django.urls import reverse

from feedback.forms import CommentForm
from feedback.models import COMMENT_MAX_LENGTH, PageFeedback
from home.factories import StandardPageFactory
from testing.html_validator import validate_documents

pytestmark = [pytest.mark.django_db, pytest.mark.html_validity]

SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}


def test_the_feedback_pages_have_valid_html(client, home, settings):
    page = StandardPageFactory(parent=home, title="Who to contact", slug="contact")
    endpoint = reverse("page_feedback")
    documents = {"page with the form": client.get(page.url)}
    documents["thanks"] = client.post(endpoint, {"page": page.pk, "useful": "yes"}, **SAME_SITE)
    documents["comment form"] = client.post(endpoint, {"page": page.pk, "useful": "no"}, **SAME_SITE)
    token = CommentForm.token_for(PageFeedback.objects.get(useful=False))
    documents["comment form with an error"] = client.post(
        endpoint, {"token": token, "comment": "x" * (COMMENT_MAX_LENGTH + 1)}, **SAME_SITE
    )
    documents["refused"] = client.post(endpoint, {"page": "nope"}, **SAME_SITE)
    settings.FEEDBACK_RATE_LIMIT = 0
    documents["too many"] = client.post(endpoint, {"page": page.pk, "useful": "yes"}, **SAME_SITE)
    assert documents["too many"].status_code == 429
    errors = validate_documents({name: response.content.decode() for name, response in documents.items()})
    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())
