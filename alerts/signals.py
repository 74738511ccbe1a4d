"""Publishing or unpublishing a page queues alert work; the editor's request does nothing more.
The task is queued in the publishing transaction (the queue is in the same database), so it
exists exactly when the publish does.

The receivers live here so events, stories and guidance never import alerts."""

from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .matching import kind_of


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    if kind_of(instance) is None:
        return
    from .tasks import match_page

    match_page.enqueue(instance.pk)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    if kind_of(instance) is None:
        return
    from .tasks import forget_page

    forget_page.enqueue(instance.pk)
