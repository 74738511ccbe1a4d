"""Publishing or unpublishing a page queues alert work; the editor's request does nothing more.

The receivers live here so events, stories and guidance never import alerts."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .matching import kind_of


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    if kind_of(instance) is None:
        return
    from .tasks import match_page

    page_id = instance.pk
    transaction.on_commit(lambda: match_page.enqueue(page_id))


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    if kind_of(instance) is None:
        return
    from .tasks import forget_page

    page_id = instance.pk
    transaction.on_commit(lambda: forget_page.enqueue(page_id))
