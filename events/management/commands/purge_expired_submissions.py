"""Delete the personal contact details of old event submissions, as the privacy notice promises.

Run daily by `manage.py run_scheduled_jobs` (home/scheduler.py); running it again changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.models import EventSubmission
from events.spam import purge_expired_counters


class Command(BaseCommand):
    help = (
        "Remove contact name, email and phone (and any unapproved image) from event submissions "
        "SUBMISSION_RETENTION_DAYS after the event ends or the submission was rejected. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override SUBMISSION_RETENTION_DAYS (now {settings.SUBMISSION_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        now = timezone.now()
        due = EventSubmission.objects.due_for_purge(now=now, days=days)
        count = due.count()
        if dry_run:
            self.stdout.write(f"{count} submission(s) would have their contact details removed.")
            return
        purged = 0
        for submission in due.iterator():
            with transaction.atomic():
                submission.remove_personal_data(now=now)
            purged += 1
        counters = purge_expired_counters(now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed contact details from {purged} submission(s); "
                f"cleared {counters} expired rate-limit counter(s)."
            )
        )
