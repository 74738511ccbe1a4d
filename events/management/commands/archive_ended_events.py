from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.search import index

from events.models import EventPage


class Command(BaseCommand):
    help = (
        "Archive events whose last date ended more than a year ago: their pages stay at the same address "
        "but say only that the event has ended, and leave listings, feeds, search and the sitemap. "
        "Idempotent; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be archived; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        events = list(EventPage.objects.due_for_archive().order_by("pk"))
        for event in events:
            self.stdout.write(
                f"{'Would archive' if dry_run else 'Archiving'}: {event.title} ({event.url_path})"
            )
        if not dry_run and events:
            with transaction.atomic():
                EventPage.objects.filter(pk__in=[event.pk for event in events]).update(
                    archived_at=timezone.now()
                )
            for event in events:
                index.remove_object(event)
        self.stdout.write(f"{len(events)} event(s){' would be' if dry_run else ''} archived.")
