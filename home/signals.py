"""Forget the cached main menu whenever a page that could appear in it changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.templatetags.hub_tags import navigation_cache_key


def forget_navigation(**kwargs):
    cache.delete_many(
        [navigation_cache_key(site_id) for site_id in Site.objects.values_list("pk", flat=True)]
    )


page_published.connect(forget_navigation, dispatch_uid="home-nav-published")
page_unpublished.connect(forget_navigation, dispatch_uid="home-nav-unpublished")
post_page_move.connect(forget_navigation, dispatch_uid="home-nav-moved")


@receiver(post_delete, dispatch_uid="home-nav-deleted")
@receiver(post_save, sender=Site, dispatch_uid="home-nav-site-saved")
def forget_navigation_on_change(sender, **kwargs):
    if sender is Site or issubclass(sender, Page):
        forget_navigation()
