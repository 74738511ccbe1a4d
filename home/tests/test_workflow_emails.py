"""Moderation emails go through the task queue: the Moderators when a page waits for them,
the editor when it is approved or rejected, with the moderator's comment."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from home.factories import StandardPageFactory
from home.roles import EDITORS, MODERATORS

# Its own module: the worker commits as it goes, so these tests need a real transaction,
# which must not share a module with the seed fixture's rolled-back one.


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="A standard page")


def run_worker():
    call_command("db_worker", "--backend", "background", "--queue-name", "*", "--batch", "--no-startup-delay")


# The worker commits as it goes, as in production: a real transaction (PostgreSQL needs it).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submission_approval_and_rejection_email_the_right_people_through_the_queue(
    client, signed_in, role_user, page, django_capture_on_commit_callbacks
):
    editor = role_user(EDITORS)
    moderator = role_user(MODERATORS)
    workflow = page.get_workflow()
    mail.outbox = []

    page.title = "A standard page, revised"
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = workflow.start(page, editor)
    assert mail.outbox == []  # nothing sent while the editor waits
    assert DBTaskResult.objects.count() >= 1
    run_worker()
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert page.title in mail.outbox[0].subject

    # Rejected, with a comment, by a moderator.
    mail.outbox = []
    signed_in(moderator)
    task_state = workflow_state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
            {"comment": "Please add the venue's step-free access."},
        )
    assert response.status_code in (200, 302)
    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert page.title == "A standard page"  # the public page is unchanged
    run_worker()
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Please add the venue's step-free access." in mail.outbox[0].body

    # Resubmitted and approved, with a comment: published, and the editor told.
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state.resume(editor)
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
            {"comment": "Looks good."},
        )
    page.refresh_from_db()
    assert page.live and page.title == "A standard page, revised" and not page.has_unpublished_changes
    run_worker()
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert to_editor and "approved" in to_editor[0].subject and "Looks good." in to_editor[0].body
