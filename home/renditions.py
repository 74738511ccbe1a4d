"""Image renditions made ahead of time: when a page is published, every size its templates
show is made in the background, so no page view or listing request makes one (or writes to
the database). Lookups then come from the `renditions` cache alias.

Each page type names, per image field, the rendition specs its templates use, in the same
order as the template tags write them (the spec string is the lookup key); images inside
StreamFields get BODY_IMAGE. A test renders each page type after warming and fails on any
database write, so a template and its list cannot drift apart.
"""

import logging

from django_tasks import task

from django.db import transaction

from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page, ReferenceIndex

logger = logging.getLogger(__name__)

# includes/meta.html and the Open Graph image of every page.
SOCIAL = ("fill-1200x630",)
# blocks/image_block.html
BODY_IMAGE = tuple(Filter.expand_spec(["format-{webp,jpeg}", "width-{400,800,1200}"]))


def image_specs(page):
    """{image id: set of specs} for the images the published page shows."""
    field_specs = {"social_image": SOCIAL, **getattr(page, "image_renditions", {})}
    image_type = get_image_model()
    wanted = {}
    for reference in ReferenceIndex.get_references_for_object(page):
        if reference.to_content_type.model_class() is not image_type:
            continue
        field = reference.content_path.split(".", 1)[0]
        specs = field_specs.get(field, BODY_IMAGE if "." in reference.content_path else ())
        wanted.setdefault(int(reference.to_object_id), set()).update(specs)
    return wanted


def warm_page(page):
    wanted = image_specs(page)
    for image in get_image_model().objects.filter(pk__in=wanted):
        try:
            image.get_renditions(*sorted(wanted[image.pk]))
        except Exception:  # a missing or broken source file must not stop the rest
            logger.exception("Could not make renditions of image %s for page %s", image.pk, page.pk)


@task(backend="background")
def warm_page_renditions(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        warm_page(page.specific)


def queue_warm_renditions(instance, **kwargs):
    """page_published receiver: make the page's renditions once the publish commits."""
    page_id = instance.pk
    transaction.on_commit(lambda: warm_page_renditions.enqueue(page_id))
