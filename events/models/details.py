"""What an event is, apart from where it sits: its category, the inclusion features people
filter on, and the postcode rule. Shared by event pages, submissions and their forms."""

import re

from home.models import BaseTaxonomy

# (value in the address, field, label): the inclusion details people can filter on.
INCLUSION_FEATURES = [
    ("step-free", "step_free_access", "Step-free access"),
    ("hearing-loop", "hearing_loop", "Hearing loop"),
    ("bsl", "bsl_interpretation", "British Sign Language (BSL) interpretation"),
    ("quiet-space", "quiet_space", "Quiet space"),
    ("childcare", "childcare", "Childcare"),
    ("family-friendly", "family_friendly", "Family friendly"),
    ("women-only", "women_only", "Women-only session"),
]
INCLUSION_FIELDS = {value: field for value, field, _label in INCLUSION_FEATURES}

UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")


def normalise_postcode(value):
    """'de4 3ag' -> 'DE4 3AG'; empty stays empty."""
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class EventCategory(BaseTaxonomy):
    """A kind of event, e.g. "Food and social". A snippet, so editors can add one without a release
    and submission forms can offer the same list; translatable like the other taxonomies."""

    class Meta(BaseTaxonomy.Meta):
        verbose_name = "event category"
        verbose_name_plural = "event categories"
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
