"""Forget cached navigation and cached pages whenever what a public page shows changes."""

import functools

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import page_cache, renditions
from home.templatetags.hub_tags import navigation_cache_key


def forget_navigation(**kwargs):
    cache.delete_many(
        [
            navigation_cache_key(site_id, code)
            for site_id in Site.objects.values_list("pk", flat=True)
            for code, _name in settings.LANGUAGES
        ]
    )


page_published.connect(forget_navigation, dispatch_uid="home-nav-published")
page_unpublished.connect(forget_navigation, dispatch_uid="home-nav-unpublished")
post_page_move.connect(forget_navigation, dispatch_uid="home-nav-moved")


@receiver(post_delete, dispatch_uid="home-nav-deleted")
@receiver(post_save, sender=Site, dispatch_uid="home-nav-site-saved")
def forget_navigation_on_change(sender, **kwargs):
    if sender is Site or issubclass(sender, Page):
        forget_navigation()


# Every page shows others (menu, breadcrumbs, listings, teasers, next events, related links,
# feeds, sitemap), so a change to any live page or to a snippet or setting pages show purges
# the whole page cache; drafts, pending submissions and search logs purge nothing.
page_published.connect(page_cache.purge_all, dispatch_uid="page-cache-published")
page_unpublished.connect(page_cache.purge_all, dispatch_uid="page-cache-unpublished")
post_page_move.connect(page_cache.purge_all, dispatch_uid="page-cache-moved")

SHOWN_ON_PAGES = (
    "home.Area",
    "home.Theme",
    "home.Audience",
    "home.SiteSettings",
    "events.EventCategory",
    "guidance.Priority",
    "guidance.PriorityAction",
    "wagtailcore.Site",
)
# Wagtail fills these in lazily while rendering; they change nothing a visitor sees.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


@receiver(post_save, dispatch_uid="page-cache-saved")
@receiver(post_delete, dispatch_uid="page-cache-deleted")
def purge_pages_on_change(sender, instance, **kwargs):
    if kwargs.get("raw") or set(kwargs.get("update_fields") or ()) & BOOKKEEPING_FIELDS:
        return
    if sender in shown_on_pages() or (kwargs["signal"] is post_delete and isinstance(instance, Page)):
        page_cache.purge_all()


@functools.cache
def shown_on_pages():
    return {apps.get_model(label) for label in SHOWN_ON_PAGES} | {get_image_model(), get_document_model()}


page_published.connect(renditions.queue_warm_renditions, dispatch_uid="renditions-published")
