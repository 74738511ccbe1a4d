"""Example images go with the example stories, so `remove_example_content` leaves nothing behind."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex

from .models import StoryPage

EXAMPLE_COLLECTION_NAME = "Example images"


@receiver(post_delete, sender=StoryPage)
def delete_unused_example_images(sender, instance, **kwargs):
    if not instance.is_example:
        return
    collection = Collection.objects.filter(name=EXAMPLE_COLLECTION_NAME).first()
    if collection is None:
        return
    page_type = ContentType.objects.get_for_model(Page)
    for image in get_image_model().objects.filter(collection=collection):
        # The deleted story's own references may not have been cleared from the index yet.
        others = ReferenceIndex.get_references_to(image).exclude(
            base_content_type=page_type, object_id=str(instance.pk)
        )
        if not others.exists():
            image.delete()
