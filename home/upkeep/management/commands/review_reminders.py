from django.core.management.base import BaseCommand

from home.upkeep.review import REMINDER_DAYS, queue_reminders


class Command(BaseCommand):
    help = (
        "Email each page's owner (or the Moderators when the owner is gone) about pages whose review is "
        f"due within {REMINDER_DAYS} days or overdue. Sends at most one reminder a page a day; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="How far ahead to look.")
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing.")

    def handle(self, *args, days, dry_run, **options):
        batches = queue_reminders(within_days=days, dry_run=dry_run)
        for user, pages in batches.items():
            titles = ", ".join(page.title for page in pages)
            self.stdout.write(f"{'Would remind' if dry_run else 'Reminding'} {user.get_username()}: {titles}")
        pages = {page.pk for pages in batches.values() for page in pages}
        self.stdout.write(
            f"{len(pages)} page(s), {len(batches)} recipient(s){' (dry run)' if dry_run else ''}."
        )
