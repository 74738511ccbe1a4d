"""Responsive event images: <picture> with WebP and JPEG sources at several widths."""

from django import template

from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()

# Rendition specs per use. The listing prefetches CARD_RENDITIONS, so a card costs no query.
PICTURES = {
    "card": (
        Filter.expand_spec(["fill-{320x213,640x427}", "format-{webp,jpeg}"]),
        "(min-width: 641px) 200px, 100vw",
    ),
    "page": (
        Filter.expand_spec(["fill-{480x320,800x533,1200x800}", "format-{webp,jpeg}"]),
        "(min-width: 1020px) 640px, 100vw",
    ),
}
CARD_RENDITIONS = PICTURES["card"][0]
PAGE_RENDITIONS = PICTURES["page"][0]


@register.simple_tag
def event_picture(image, alt, kind="page", css_class=""):
    """A <picture> for an event image; empty when there is none."""
    if not image:
        return ""
    specs, sizes = PICTURES[kind]
    renditions = get_renditions_or_not_found(image, specs)
    attrs = {"alt": alt, "sizes": sizes, "class": css_class or None}
    if kind == "card":
        attrs["loading"] = "lazy"
    return Picture(renditions, {key: value for key, value in attrs.items() if value is not None}).__html__()
