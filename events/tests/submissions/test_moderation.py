"""Moderation in the admin (wagtail-modeladmin): pending first, filters, search, an inspect view
that escapes everything, approve (creates the EventPage with every field, imports the image),
reject (with a reason), the audit log, the dashboard panel, the menu badge, and permissions."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, ModelLogEntry

from events.factories import EventSubmissionFactory
from events.models import EventPage, EventSubmission
from events.moderation import APPROVE_ACTION, REJECT_ACTION
from events.schedule import Repeat
from events.wagtail_hooks import submission_admin
from guidance.factories import PriorityFactory
from home.factories import ThemeFactory
from testing.auth import sign_in

from .support import future_date

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def url(action, submission=None):
    helper = submission_admin.url_helper
    return helper.index_url if action == "index" else helper.get_action_url(action, submission.pk)


@pytest.fixture
def moderator(django_user_model, events_index):
    """An editor in the Moderators group, which may publish events and moderate submissions."""
    user = django_user_model.objects.create_user("mo", "mo@example.gov.uk", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model, events_index):
    """An editor who may see submissions but not approve or reject them."""
    user = django_user_model.objects.create_user("ed", "ed@example.gov.uk", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_moderators_and_editors_groups_get_their_submission_permissions():
    moderators = Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True)
    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    assert {"view_eventsubmission", "moderate_eventsubmission"} <= set(moderators)
    assert "view_eventsubmission" in editors and "moderate_eventsubmission" not in editors


def test_the_list_shows_pending_first_then_newest(client, moderator, area):
    # Built so that newest-first alone, or pending-first without newest, gives another order.
    old_pending = EventSubmissionFactory(title="Old pending")
    old_approved = EventSubmissionFactory(title="Old approved", status=EventSubmission.Status.APPROVED)
    new_pending = EventSubmissionFactory(title="New pending")
    new_rejected = EventSubmissionFactory(title="New rejected", status=EventSubmission.Status.REJECTED)
    sign_in(client, moderator)
    html = client.get(url("index")).content.decode()
    shown = sorted(
        (new_pending, old_pending, new_rejected, old_approved), key=lambda item: html.index(item.title)
    )
    assert [item.title for item in shown] == ["New pending", "Old pending", "New rejected", "Old approved"]


def test_the_list_filters_by_status_and_area_and_searches(client, moderator, area):
    EventSubmissionFactory(title="Dales walk", area=area)
    EventSubmissionFactory(title="City quiz", status=EventSubmission.Status.REJECTED)
    sign_in(client, moderator)
    html = client.get(url("index") + "?status__exact=rejected").content.decode()
    assert "City quiz" in html and "Dales walk" not in html
    html = client.get(url("index") + f"?area={area.pk}").content.decode()
    assert "Dales walk" in html and "City quiz" not in html
    html = client.get(url("index") + "?q=quiz").content.decode()
    assert "City quiz" in html and "Dales walk" not in html
    html = client.get(url("index") + "?when=upcoming").content.decode()
    assert "Dales walk" in html


def test_the_list_queries_stay_constant_as_submissions_grow(
    client, moderator, area, django_assert_num_queries
):
    sign_in(client, moderator)
    EventSubmissionFactory.create_batch(3, area=area)
    client.get(url("index"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("index")).status_code == 200
    EventSubmissionFactory.create_batch(45, area=area)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url("index")).status_code == 200


def test_hostile_text_is_escaped_in_the_admin_list_and_inspect_view(client, moderator):
    submission = EventSubmissionFactory(
        title=HOSTILE, summary=HOSTILE, description=HOSTILE, organiser_name=HOSTILE
    )
    sign_in(client, moderator)
    for page in (url("index"), url("inspect", submission)):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, page


def test_the_inspect_view_shows_the_submitted_image_to_editors_only(client, moderator, editor):
    submission = EventSubmissionFactory(with_image=True)
    sign_in(client, moderator)
    html = client.get(url("inspect", submission)).content.decode()
    assert url("image", submission) in html
    response = client.get(url("image", submission))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(url("image", submission)).status_code == 302  # to the admin login


def test_approving_creates_the_event_page_with_every_field_and_imports_the_image(
    client, moderator, events_index, area, category, django_capture_on_commit_callbacks
):
    submission = EventSubmissionFactory(
        area=area, category=category, with_image=True, image_alt="Volunteers serving soup",
        description="First paragraph <b>not bold</b>.\n\nSecond & last.", repeat=Repeat.WEEKLY,
        repeat_until=future_date(60),
        is_free=False, price="£3", in_person=True, online=True, online_url="https://zoom.us/j/1",
        step_free_access=True, bsl_interpretation=True, women_only=True, languages="Urdu",
    )  # fmt: skip
    sign_in(client, moderator)
    assert "Publish it now" in client.get(url("approve", submission)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("approve", submission), {"action": "publish"})
    assert response.status_code == 302

    submission.refresh_from_db()
    page = EventPage.objects.get()
    assert submission.status == EventSubmission.Status.APPROVED
    assert submission.reviewer == moderator and submission.reviewed_at and submission.event_page_id == page.pk
    assert page.live and page.get_parent().specific == events_index
    # Every field the two models share, except those that mean something else on a page.
    names = [{field.name for field in model._meta.fields} for model in (EventSubmission, EventPage)]
    shared = names[0] & names[1] - {"id", "status", "image", "description"}
    assert len(shared) >= 25
    for field in sorted(shared):
        assert getattr(page, field) == getattr(submission, field), field
    assert page.organiser_name == submission.organiser_name and page.organiser_url == submission.organiser_url
    paragraphs = [block.value.source for block in page.description]
    assert paragraphs == ["<p>First paragraph &lt;b&gt;not bold&lt;/b&gt;.</p>", "<p>Second &amp; last.</p>"]
    image = get_image_model().objects.get()
    assert page.image == image and image.description == "Volunteers serving soup"
    assert (image.width, image.height) == (40, 30)
    assert page.occurrences.count() > 1
    # The audit log, and the email to the submitter.
    entry = ModelLogEntry.objects.get(action=APPROVE_ACTION)
    assert entry.user == moderator and entry.data["published"] is True
    assert DBTaskResult.objects.filter(args_kwargs__args__0="approved").count() == 1


def test_approval_copies_the_themes_and_priority_the_editor_chose(client, moderator):
    submission = EventSubmissionFactory()
    chosen, other = ThemeFactory.create_batch(2)
    priority = PriorityFactory()
    sign_in(client, moderator)
    form = client.get(url("approve", submission)).content.decode()
    assert f'value="{priority.pk}"' in form and f'value="{chosen.pk}"' in form
    response = client.post(
        url("approve", submission), {"action": "draft", "themes": [chosen.pk], "priority": priority.pk}
    )
    assert response.status_code == 302
    page = EventPage.objects.get().get_latest_revision_as_object()
    assert list(page.themes.all()) == [chosen] and page.priority == priority
    # Kept on the submission too, so its record says what the page was given.
    submission.refresh_from_db()
    assert list(submission.themes.all()) == [chosen] and submission.priority == priority


def test_approval_with_a_priority_that_does_not_exist_says_so_and_creates_nothing(client, moderator):
    submission = EventSubmissionFactory()
    sign_in(client, moderator)
    response = client.post(url("approve", submission), {"action": "draft", "priority": "999999"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not EventPage.objects.exists()
    submission.refresh_from_db()
    assert submission.is_pending


def test_approving_as_a_draft_leaves_the_page_for_the_usual_workflow(
    client, moderator, django_capture_on_commit_callbacks
):
    submission = EventSubmissionFactory()
    sign_in(client, moderator)
    response = client.post(url("approve", submission), {"action": "draft"})
    page = EventPage.objects.get()
    assert not page.live and page.has_unpublished_changes and page.latest_revision
    assert response["Location"].endswith(f"/admin/pages/{page.pk}/edit/")
    assert ModelLogEntry.objects.get(action=APPROVE_ACTION).data["published"] is False


def test_the_approved_event_appears_publicly_with_hostile_text_escaped(client, moderator):
    submission = EventSubmissionFactory(
        title="Quiz <script>alert(1)</script>", summary="Fun & games <b>tonight</b>"
    )
    sign_in(client, moderator)
    client.post(url("approve", submission), {"action": "publish"})
    client.logout()
    page = EventPage.objects.get()
    html = client.get(page.url).content.decode()
    assert "Quiz &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Fun &amp; games &lt;b&gt;tonight&lt;/b&gt;" in html
    assert submission.contact_email not in html


def test_rejecting_needs_a_reason_records_it_and_emails_it(
    client, moderator, django_capture_on_commit_callbacks
):
    submission = EventSubmissionFactory()
    sign_in(client, moderator)
    response = client.post(url("reject", submission), {"reason": "  "})
    assert "Enter a reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("reject", submission), {"reason": "This is a commercial sale, not a community event."}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == EventSubmission.Status.REJECTED and submission.reviewer == moderator
    assert submission.rejection_reason.startswith("This is a commercial sale")
    assert ModelLogEntry.objects.filter(action=REJECT_ACTION, user=moderator).count() == 1
    assert DBTaskResult.objects.filter(args_kwargs__args__0="rejected").count() == 1
    assert EventPage.objects.count() == 0


def test_a_decided_submission_cannot_be_decided_again(client, moderator):
    submission = EventSubmissionFactory(status=EventSubmission.Status.REJECTED)
    sign_in(client, moderator)
    response = client.post(url("approve", submission), {"action": "publish"})
    assert response.status_code == 302 and EventPage.objects.count() == 0


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_an_editor_without_the_moderation_permission_gets_403(client, editor, action):
    submission = EventSubmissionFactory()
    sign_in(client, editor)
    assert client.get(url("inspect", submission)).status_code == 200
    assert client.get(url(action, submission)).status_code == 403
    assert client.post(url(action, submission), {"action": "publish", "reason": "No"}).status_code == 403
    submission.refresh_from_db()
    assert submission.is_pending and EventPage.objects.count() == 0
    html = client.get(url("inspect", submission)).content.decode()
    assert url("approve", submission) not in html


def test_a_moderator_without_page_publish_rights_can_only_save_a_draft(
    client, django_user_model, events_index
):
    user = django_user_model.objects.create_user("m2", "m2@example.gov.uk", "pw")
    group = Group.objects.create(name="Submission checkers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_eventsubmission"),
    )
    GroupPagePermission.objects.create(group=group, page=events_index, permission_type="add")
    user.groups.add(group)
    submission = EventSubmissionFactory()
    sign_in(client, user)
    assert "Publish it now" not in client.get(url("approve", submission)).content.decode()
    assert client.post(url("approve", submission), {"action": "publish"}).status_code == 403
    client.post(url("approve", submission), {"action": "draft"})
    assert not EventPage.objects.get().live


def test_nobody_can_add_or_edit_submissions_in_the_admin(client, admin_user):
    submission = EventSubmissionFactory()
    sign_in(client, admin_user)
    # Wagtail sends people back to the dashboard when they may not do something.
    for page in (submission_admin.url_helper.create_url, url("edit", submission)):
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), page
    assert EventSubmission.objects.count() == 1


def test_the_dashboard_panel_and_menu_badge_show_the_pending_count(client, moderator):
    EventSubmissionFactory.create_batch(3)
    EventSubmissionFactory(status=EventSubmission.Status.APPROVED)
    sign_in(client, moderator)
    html = client.get("/admin/").content.decode()
    assert "3 event submissions waiting" in html
    assert "Submissions (3)" in html


def test_the_audit_log_history_shows_approval(client, moderator):
    submission = EventSubmissionFactory()
    sign_in(client, moderator)
    client.post(url("approve", submission), {"action": "draft"})
    html = client.get(url("history", submission)).content.decode()
    assert "Approved: event page created as a draft" in html


def test_a_new_submission_alerts_everyone_who_may_moderate(moderator, editor, admin_user, settings):
    from events.emails import moderator_emails

    assert set(moderator_emails()) == {moderator.email, admin_user.email}
    settings.SUBMISSION_ALERT_EMAILS = ["events-team@example.gov.uk"]
    assert moderator_emails() == ["events-team@example.gov.uk"]
    assert not mail.outbox


def test_submitted_images_are_stored_outside_the_public_media_folder(settings):
    submission = EventSubmissionFactory(with_image=True)
    assert submission.image.storage.exists(submission.image.name)
    assert not submission.image.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        submission.image.url  # noqa: B018
