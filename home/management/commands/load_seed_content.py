"""Build the hub's real content from the seed documents. Safe to run again: it only adds what is missing."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from home import seed as home_seed


class Command(BaseCommand):
    help = "Create the hub's pages, settings and taxonomies from the seed documents (idempotent)."

    def handle(self, *args, **options):
        home = home_seed.load()
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Seed content ready under '{home.title}'."))
