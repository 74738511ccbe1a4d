"""`manage.py backup [ARCHIVE]`: the database, uploads and a manifest in one archive (home.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database, media and private media and a manifest to one archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?", help="Where to write it (default: hub-backup-<date-time>.tar.gz here)."
        )

    def handle(self, *args, archive=None, **options):
        archive = archive or f"hub-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        pages = manifest["counts"].get("wagtailcore.Page", 0)
        self.stdout.write(f"Wrote {archive}: {pages} pages, {len(manifest['files']) - 1} files.")
