"""Keep the default Wagtail Site on the public address (`make run` and every deploy run it)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from home.site_address import sync_default_site


class Command(BaseCommand):
    help = "Set the default site's hostname and port from WAGTAILADMIN_BASE_URL. Idempotent."

    def handle(self, *args, **options):
        changed = sync_default_site()
        verb = "now" if changed else "already"
        self.stdout.write(f"The site's address is {verb} {settings.WAGTAILADMIN_BASE_URL}.")
