"""Build the hub's real content from the seed documents. Safe to run again: it only adds what is missing."""

import logging
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from home import seed as home_seed

# Each app that ships content has a seed module with load(home_page), run in this order.
SEED_MODULES = ["guidance.seed", "stories.seed", "events.seed"]


class Command(BaseCommand):
    help = "Create the hub's pages, settings and taxonomies from the seed documents (idempotent)."

    def handle(self, *args, **options):
        # Wagtail logs every page action at INFO: right for editors' work, noise for a bulk load.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            home = home_seed.load()
            for module_name in SEED_MODULES:
                if apps.is_installed(module_name.split(".")[0]):
                    import_module(module_name).load(home)
            home_seed.link_about_page(home)
            call_command("update_index", verbosity=0)
        finally:
            wagtail_logger.setLevel(level)
        self.stdout.write(self.style.SUCCESS(f"Seed content ready under '{home.title}'."))
