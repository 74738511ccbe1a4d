"""`manage.py restore ARCHIVE`: put a backup made by `manage.py backup` into an empty install."""

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore_backup, row_counts


class Command(BaseCommand):
    help = "Restore the database, media and private media from a backup archive into an empty install."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Replace this install's content even if it has some."
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        counts = row_counts()
        differing = sorted(label for label, count in manifest["counts"].items() if counts.get(label) != count)
        if differing:
            raise CommandError(
                f"Restored, but these row counts differ from the manifest: {', '.join(differing)}"
            )
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']}). Run `manage.py migrate` if the hub has "
            "been updated since."
        )
