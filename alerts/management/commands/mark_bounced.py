"""Mark an address as bouncing or complaining, so nothing more is sent to it (no webhook needed)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts.models import Subscriber


class Command(BaseCommand):
    help = "Stop sending email alerts to an address that bounces (or, with --complaint, that reported spam)."

    def add_arguments(self, parser):
        parser.add_argument("address")
        parser.add_argument(
            "--complaint", action="store_true", help="The recipient reported our mail as spam."
        )
        parser.add_argument("--clear", action="store_true", help="Undo: the address works again.")

    def handle(self, address, complaint=False, clear=False, **options):
        field = "complained_at" if complaint else "bounced_at"
        updated = Subscriber.objects.filter(email=Subscriber.normalise(address)).update(
            **{field: None if clear else timezone.now()}
        )
        if not updated:
            raise CommandError("No subscriber has that address.")
        what = "complaint" if complaint else "bounce"
        self.stdout.write(f"{'Cleared the' if clear else 'Recorded a'} {what} for that address.")
