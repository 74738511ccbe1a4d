"""The charter and action plan pages index the priorities and actions they show (snippets): keep
their search entries in step when a priority or an action changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.search.index import insert_or_update_object

from .models import ActionPlanPage, Priority, PriorityAction, StrategyPage


def reindex_pages_showing_priorities():
    for model in (StrategyPage, ActionPlanPage):
        for page in model.objects.live():
            insert_or_update_object(page)


@receiver([post_save, post_delete], sender=Priority)
@receiver([post_save, post_delete], sender=PriorityAction)
def _reindex_on_priority_change(**kwargs):
    if kwargs.get("raw"):
        return
    transaction.on_commit(reindex_pages_showing_priorities)
