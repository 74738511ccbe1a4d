"""Jobs that run on a timer beside the web server (`manage.py run_scheduled_jobs`).

To add one, add a line to JOBS: a name, how often, and a management command or a dotted path
to a function taking no arguments. Several runners may share a database (several app servers):
each run is claimed with a conditional update on home.ScheduledJob, so only one runs a job.
"""

import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    command: str = ""  # a management command, run with no arguments
    function: str = ""  # or a dotted path to a callable taking no arguments
    # A runner that dies mid-job holds it this long before another may take it.
    lease: timedelta = HOUR

    def run(self):
        if self.command:
            out = StringIO()
            call_command(self.command, stdout=out, stderr=out)
            return out.getvalue().strip()
        return import_string(self.function)()


JOBS = [
    Job("publish_scheduled", MINUTE, command="publish_scheduled"),
    Job("purge_expired_submissions", DAY, command="purge_expired_submissions"),
    # Content upkeep (home.upkeep, events): each is idempotent, so a run twice in a day is harmless.
    Job("review_reminders", DAY, command="review_reminders"),
    Job("check_links", DAY, command="check_links"),
    Job("archive_ended_events", DAY, command="archive_ended_events"),
    Job("analyze_database", DAY, command="analyze_database"),
    # Each calendar source has its own interval (hourly by default); this only looks for due ones.
    Job("import_calendars", 5 * MINUTE, function="events.importing.run.import_due_sources"),
    # Email alerts: digests once their day or week is over; unconfirmed and lapsed addresses deleted.
    Job("send_alert_digests", 5 * MINUTE, function="alerts.jobs.build_due_emails"),
    Job("purge_alert_subscribers", DAY, function="alerts.jobs.purge_subscribers"),
]


def run_due_jobs(jobs=None, now=None):
    """Run every job that is due and not held elsewhere; return the names of those run."""
    from home.models import ScheduledJob

    ran = []
    for job in JOBS if jobs is None else jobs:
        started = now or timezone.now()
        if not ScheduledJob.objects.claim(job.name, started, job.interval, job.lease):
            continue
        error = ""
        try:
            result = job.run()
            logger.info("scheduled job %s done: %s", job.name, result or "ok")
        except Exception:
            # One failing job must not stop the others; it is retried at its next interval.
            error = traceback.format_exc()
            logger.exception("scheduled job %s failed", job.name)
        ScheduledJob.objects.filter(name=job.name).update(
            locked_until=None, last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran
