"""Review dates on guidance notes, strategies and charters and the action plan: the public
"Last updated" is the editor's review date, the next review date stays private, the dashboard
lists every type that is due, and `review_reminders` emails owners (or the Moderators) once a day."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from guidance.factories import (
    ActionPlanPageFactory,
    GuidanceIndexPageFactory,
    GuidanceNotePageFactory,
    StrategyIndexPageFactory,
    StrategyPageFactory,
)
from home.upkeep.models import ReviewReminder
from home.upkeep.review import queue_reminders
from home.upkeep.tasks import send_review_reminder

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def sections(home):
    return GuidanceIndexPageFactory(parent=home), StrategyIndexPageFactory(parent=home)


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("owner", "owner@example.gov.uk", "pw", first_name="Olu")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", "moderators@example.gov.uk", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_strategy_and_action_plan_show_the_review_date_as_last_updated_and_hide_the_next(client, sections):
    _guidance, strategy = sections
    charter = StrategyPageFactory(
        parent=strategy, last_reviewed=datetime.date(2026, 3, 4), next_review_due=datetime.date(2027, 9, 8)
    )
    plan = ActionPlanPageFactory(
        parent=strategy, charter=charter, last_reviewed=datetime.date(2026, 5, 6), next_review_due=days(400)
    )
    charter_html = client.get(charter.url).content.decode()
    assert "Last updated:" in charter_html and "4 March 2026" in charter_html
    assert "8 September 2027" not in charter_html
    plan_html = client.get(plan.url).content.decode()
    assert "6 May 2026" in plan_html
    assert days(400).strftime("%-d %B %Y") not in plan_html


def test_without_a_review_date_last_updated_falls_back_to_the_publish_date(sections):
    _guidance, strategy = sections
    charter = StrategyPageFactory(parent=strategy, last_reviewed=None)
    charter.save_revision().publish()
    charter.refresh_from_db()
    assert charter.updated_on == timezone.localdate(charter.last_published_at)


def test_the_seeded_charter_shows_the_seed_review_date_not_the_day_it_was_loaded(client, seeded_site):
    from guidance.models import ActionPlanPage, GuidanceNotePage, StrategyPage
    from guidance.seed import SEED_REVIEWED_ON

    charter = StrategyPage.objects.get()
    for page in (charter, ActionPlanPage.objects.get(), GuidanceNotePage.objects.get()):
        assert page.last_reviewed == SEED_REVIEWED_ON
        assert page.next_review_due > SEED_REVIEWED_ON
    assert SEED_REVIEWED_ON.strftime("%-d %B %Y") in client.get(charter.url).content.decode()


def test_dashboard_lists_every_page_type_due_for_review(admin_client, sections):
    guidance, strategy = sections
    GuidanceNotePageFactory(parent=guidance, title="Overdue note", next_review_due=days(-1))
    GuidanceNotePageFactory(parent=guidance, title="Later note", next_review_due=days(90))
    StrategyPageFactory(parent=strategy, title="Charter due soon", next_review_due=days(10))
    ActionPlanPageFactory(parent=strategy, title="Plan due soon", next_review_due=days(20))
    html = admin_client.get("/admin/").content.decode()
    assert "Pages due for review" in html
    for title in ("Overdue note", "Charter due soon", "Plan due soon"):
        assert title in html
    assert "(overdue)" in html
    assert "Later note" not in html


def test_reminders_go_to_the_owner_through_the_task_queue_for_pages_due_within_14_days(
    sections, owner, moderator, django_capture_on_commit_callbacks
):
    guidance, strategy = sections
    overdue = GuidanceNotePageFactory(
        parent=guidance, title="Overdue note", owner=owner, next_review_due=days(-3)
    )
    soon = StrategyPageFactory(parent=strategy, title="Charter", owner=owner, next_review_due=days(14))
    GuidanceNotePageFactory(parent=guidance, title="Not yet", owner=owner, next_review_due=days(15))
    GuidanceNotePageFactory(parent=guidance, title="No date", owner=owner, next_review_due=None)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("review_reminders", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("send_review_reminder")
    user_id, page_ids, sent_on = queued.args_kwargs["args"]
    assert user_id == owner.pk and sorted(page_ids) == sorted([overdue.pk, soon.pk])
    assert not mail.outbox  # nothing is sent until the worker runs the task

    send_review_reminder.call(user_id, page_ids, sent_on)
    (message,) = mail.outbox
    assert message.to == ["owner@example.gov.uk"]
    assert "2 pages due for review" in message.subject
    assert "Overdue note" in message.body and "(overdue)" in message.body and "Charter" in message.body
    assert f"/admin/pages/{overdue.pk}/edit/" in message.body
    assert "Not yet" not in message.body and "No date" not in message.body


def test_reminders_are_sent_once_a_day_however_often_the_command_runs(
    sections, owner, django_capture_on_commit_callbacks
):
    guidance, _strategy = sections
    note = GuidanceNotePageFactory(parent=guidance, owner=owner, next_review_due=days(2))
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_reminders(today=TODAY)
        assert queue_reminders(today=TODAY) == {}
        call_command("review_reminders", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DBTaskResult.objects.count() == 1
    assert ReviewReminder.objects.filter(page=note).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_reminders(today=TODAY + datetime.timedelta(days=1))
    assert DBTaskResult.objects.count() == 2


@pytest.mark.parametrize("owner_state", ["deleted", "inactive", "no email"])
def test_moderators_are_reminded_when_the_owner_is_gone(
    sections, owner, moderator, owner_state, django_capture_on_commit_callbacks
):
    guidance, _strategy = sections
    note = GuidanceNotePageFactory(parent=guidance, owner=owner, next_review_due=days(1))
    if owner_state == "deleted":
        owner.delete()
    elif owner_state == "inactive":
        owner.is_active = False
        owner.save()
    else:
        owner.email = ""
        owner.save()
    note.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        batches = queue_reminders(today=TODAY)
    assert list(batches) == [moderator]
    user_id, page_ids, sent_on = DBTaskResult.objects.get().args_kwargs["args"]
    send_review_reminder.call(user_id, page_ids, sent_on)
    assert mail.outbox[0].to == ["moderators@example.gov.uk"]


def test_a_dry_run_lists_but_queues_and_records_nothing(sections, owner):
    guidance, _strategy = sections
    GuidanceNotePageFactory(parent=guidance, title="Due note", owner=owner, next_review_due=days(1))
    batches = queue_reminders(today=TODAY, dry_run=True)
    assert [page.title for page in batches[owner]] == ["Due note"]
    assert not ReviewReminder.objects.exists() and not DBTaskResult.objects.exists()


def test_the_upkeep_commands_are_daily_scheduled_jobs_that_run(
    sections, owner, django_capture_on_commit_callbacks
):
    from home.models import ScheduledJob
    from home.scheduler import DAY, JOBS, run_due_jobs
    from home.upkeep.models import LinkCheckResult

    upkeep = [job for job in JOBS if job.name in {"review_reminders", "check_links", "archive_ended_events"}]
    assert {job.name: job.interval for job in upkeep} == dict.fromkeys(
        ["review_reminders", "check_links", "archive_ended_events"], DAY
    )
    guidance, _strategy = sections
    note = GuidanceNotePageFactory(parent=guidance, owner=owner, next_review_due=days(1))
    note.help_actions.create(text='<p><a href="https://example.org/help">help</a></p>')
    note.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert set(run_due_jobs(upkeep)) == {job.name for job in upkeep}
    assert not ScheduledJob.objects.exclude(last_error="").exists()
    assert ReviewReminder.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert LinkCheckResult.objects.get().target == "https://example.org/help"
