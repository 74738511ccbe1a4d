"""Turning a listing's address into a subscription, and a subscription back into words.

Only the filters that describe which events (area, category, theme, free, in person or online,
inclusion features) are kept; dates and the page number are not alert filters."""

import re
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from events.filters import MODE_CHOICES, EventFilterForm
from events.models.details import INCLUSION_FEATURES, INCLUSION_FIELDS, EventCategory
from home.models import Area, Theme

from .models import Kind

# One bit per inclusion feature, in the listing's order, so "has every feature asked for" is
# `(subscription mask & event mask) == subscription mask` in SQL.
ACCESS_BITS = {value: 1 << index for index, (value, _field, _label) in enumerate(INCLUSION_FEATURES)}
ACCESS_LABELS = {value: label for value, _field, label in INCLUSION_FEATURES}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def normalise(kind, data):
    """The normalised filter dict for `kind` from a QueryDict or dict; unknown values are dropped."""
    if not isinstance(data, QueryDict):
        query = QueryDict(mutable=True)
        for key, value in (data or {}).items():
            query.setlist(key, value if isinstance(value, list) else [value])
        data = query
    if kind == Kind.EVENTS:
        valid = EventFilterForm(data).valid_data()
        normalised = {
            "area": valid["area"].slug if valid.get("area") else "",
            "category": valid["category"].slug if valid.get("category") else "",
            "theme": valid["theme"].slug if valid.get("theme") else "",
            "free": bool(valid.get("free")),
            "mode": valid.get("mode") or "",
            "access": sorted(set(valid.get("access") or [])),
        }
    elif kind == Kind.STORIES:
        normalised = {
            "area": known_slug(Area, data.get("area", "")),
            "theme": known_slug(Theme, data.get("theme", "")),
        }
    else:
        normalised = {}
    return {key: value for key, value in normalised.items() if value not in ("", False, [])}


def known_slug(model, value):
    """`value` if it is the slug of a `model` term, else "" (a hostile value never reaches the query)."""
    if not (isinstance(value, str) and SLUG.fullmatch(value)):
        return ""
    return value if model.objects.filter(slug=value).exists() else ""


def filter_key(filters):
    """A stable string for a normalised dict: the sorted query string."""
    pairs = []
    for key in sorted(filters):
        value = filters[key]
        pairs.extend((key, item) for item in (value if isinstance(value, list) else [value]))
    return urlencode([(key, "1" if value is True else value) for key, value in pairs])


def columns(filters):
    """The Subscription columns matching uses."""
    return {
        "area": filters.get("area", ""),
        "category": filters.get("category", ""),
        "theme": filters.get("theme", ""),
        "free": bool(filters.get("free")),
        "mode": filters.get("mode", ""),
        "access_mask": access_mask(filters.get("access", [])),
    }


def access_mask(values):
    return sum(ACCESS_BITS[value] for value in set(values) if value in ACCESS_BITS)


def event_access_mask(event):
    return sum(bit for value, bit in ACCESS_BITS.items() if getattr(event, INCLUSION_FIELDS[value], False))


def describe(kind, filters):
    """'Events in Erewash: free, online' and the like, for pages and emails."""
    names = []
    for key, model in (("area", Area), ("category", EventCategory), ("theme", Theme)):
        if filters.get(key):
            term = model.objects.filter(slug=filters[key]).first()
            names.append(term.name if term else filters[key])
    if filters.get("free"):
        names.append(_("free"))
    if filters.get("mode"):
        names.append(dict(MODE_CHOICES)[filters["mode"]].lower())
    names.extend(ACCESS_LABELS[value] for value in filters.get("access", []) if value in ACCESS_LABELS)
    label = {Kind.EVENTS: _("All events"), Kind.STORIES: _("All success stories")}.get(kind, Kind(kind).label)
    if not names:
        return str(label)
    return _("%(kind)s: %(filters)s") % {
        "kind": Kind(kind).label,
        "filters": ", ".join(str(name) for name in names),
    }
