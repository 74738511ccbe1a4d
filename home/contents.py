"""A GOV.UK contents list for a long page, built from the section headings (<h2>) it renders."""

import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.text import slugify

HEADING = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<text>.*?)</h2>", re.S)
ID = re.compile(r'\bid="(?P<id>[^"]+)"')
# Fewer sections than this are read at a glance: no list.
MIN_SECTIONS = 3


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


def add_anchors(html):
    """(html with an id on every visible <h2>, [Section]). Visually hidden headings are left out."""
    sections, used = [], set(ID.findall(html))

    def anchor(match):
        attrs, text = match["attrs"], match["text"]
        if "govuk-visually-hidden" in attrs:
            return match[0]
        title = " ".join(strip_tags(text).split())
        found = ID.search(attrs)
        if found:
            sections.append(Section(found["id"], title))
            return match[0]
        base = slugify(title)[:60] or "section"
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        sections.append(Section(candidate, title))
        return f'<h2{attrs} id="{escape(candidate)}">{text}</h2>'

    return HEADING.sub(anchor, html), sections
