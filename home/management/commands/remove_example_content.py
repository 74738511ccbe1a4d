"""Delete every page the seed content created as an example (events, stories)."""

from django.core.management.base import BaseCommand

from wagtail.models import get_page_models


class Command(BaseCommand):
    help = "Delete all example pages shipped with the seed content. Real content is never touched."

    def handle(self, *args, **options):
        removed = 0
        for model in get_page_models():
            if model._meta.abstract or "is_example" not in {field.name for field in model._meta.fields}:
                continue
            # Deepest first, so a parent is never deleted before its children are counted.
            for page in model.objects.filter(is_example=True).order_by("-depth"):
                page.delete()
                removed += 1
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} example page(s)."))
