"""Delete everything the seed content created as an example: pages (events, stories), snippets and
their parts (action plan actions), and the example images nothing else uses."""

from django.apps import apps
from django.core.management.base import BaseCommand

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

# Seeded example images are titled so; an editor's own image is never touched.
EXAMPLE_IMAGE_PREFIX = "[Example]"


def example_models():
    """Concrete models with an `is_example` flag (see home.models.ExampleContentMixin)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.abstract and "is_example" in {field.name for field in model._meta.fields}
    ]


class Command(BaseCommand):
    help = "Delete all example content shipped with the seed content. Real content is never touched."

    def handle(self, *args, **options):
        pages = others = images = 0
        for model in example_models():
            if issubclass(model, Page):
                # Deepest first, so a parent is never deleted before its children are counted.
                for page in model.objects.filter(is_example=True).order_by("-depth"):
                    page.delete()
                    pages += 1
            else:
                others += model.objects.filter(is_example=True).delete()[1].get(model._meta.label, 0)
        for image in get_image_model().objects.filter(title__startswith=EXAMPLE_IMAGE_PREFIX):
            if not ReferenceIndex.get_references_to(image).exists():
                image.delete()
                images += 1
        removed = f"{pages} example page(s), {others} other example item(s) and {images} example image(s)"
        self.stdout.write(self.style.SUCCESS(f"Removed {removed}."))
