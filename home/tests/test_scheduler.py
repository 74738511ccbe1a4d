"""The scheduled-jobs runner: due jobs run once per interval, however many runners share the
database; a failing job is recorded and does not stop the others."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from home.factories import StandardPageFactory
from home.models import ScheduledJob
from home.scheduler import DAY, JOBS, MINUTE, Job, run_due_jobs

pytestmark = pytest.mark.django_db

calls = []


def record_call():
    calls.append(timezone.now())


def explode():
    raise RuntimeError("mail server on fire")


COUNTER = Job("counter", MINUTE, function="home.tests.test_scheduler.record_call")


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()


def test_the_registry_holds_scheduled_publishing_every_minute_and_the_daily_purge():
    intervals = {job.name: job.interval for job in JOBS}
    assert intervals["publish_scheduled"] == MINUTE
    assert intervals["purge_expired_submissions"] == DAY
    assert len(intervals) == len(JOBS), "job names must be unique"


def test_a_job_runs_when_due_and_not_again_until_its_interval_has_passed():
    now = timezone.now()
    assert run_due_jobs([COUNTER], now=now) == ["counter"]
    assert run_due_jobs([COUNTER], now=now + timedelta(seconds=59)) == []
    assert run_due_jobs([COUNTER], now=now + timedelta(seconds=61)) == ["counter"]
    assert len(calls) == 2
    row = ScheduledJob.objects.get(name="counter")
    assert row.locked_until is None and row.last_error == ""


def test_of_two_runners_sharing_the_database_only_one_claims_a_due_job():
    now = timezone.now()
    claims = [ScheduledJob.objects.claim("counter", now, MINUTE, timedelta(hours=1)) for _ in range(2)]
    assert claims == [True, False]


def test_a_job_held_by_a_runner_that_died_is_taken_again_once_its_lease_expires():
    now = timezone.now()
    assert ScheduledJob.objects.claim("counter", now, MINUTE, timedelta(minutes=10))  # then the runner dies
    assert run_due_jobs([COUNTER], now=now + timedelta(minutes=5)) == []
    assert run_due_jobs([COUNTER], now=now + timedelta(minutes=11)) == ["counter"]


def test_a_failing_job_is_recorded_and_the_next_job_still_runs():
    failing = Job("failing", MINUTE, function="home.tests.test_scheduler.explode")
    assert run_due_jobs([failing, COUNTER]) == ["failing", "counter"]
    assert "mail server on fire" in ScheduledJob.objects.get(name="failing").last_error
    assert len(calls) == 1


def test_run_scheduled_jobs_once_publishes_a_page_whose_go_live_time_has_come(home):
    page = StandardPageFactory(parent=home, title="Scheduled notice", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()

    out = StringIO()
    call_command("run_scheduled_jobs", "--once", stdout=out)

    assert "publish_scheduled" in out.getvalue()
    page.refresh_from_db()
    assert page.live
    # The purge ran too, and is not due again for a day.
    purge = ScheduledJob.objects.get(name="purge_expired_submissions")
    assert purge.next_run_at > timezone.now() + timedelta(hours=23)
