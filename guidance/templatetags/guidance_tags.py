"""Template tags for guidance pages: JSON-LD structured data."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: no '</script>' or HTML comment can break out.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _without_empty(value):
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item not in (None, "", [])}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """One <script type="application/ld+json"> per item of `page.structured_data(request)`."""
    scripts = []
    for item in page.structured_data(context.get("request")):
        data = json.dumps(_without_empty(item), ensure_ascii=False, sort_keys=False).translate(
            JSON_SCRIPT_ESCAPES
        )
        scripts.append(f'<script type="application/ld+json">{data}</script>')
    return mark_safe("\n".join(scripts))  # noqa: S308
