"""What an event is, apart from where it sits: its category, the inclusion features people
filter on, and the postcode rule. Shared by event pages, submissions and their forms."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField

from home.models import BaseTaxonomy

from .. import schedule
from ..schedule import Repeat

# (value in the address, field, label): the inclusion details people can filter on.
INCLUSION_FEATURES = [
    ("step-free", "step_free_access", _("Step-free access")),
    ("hearing-loop", "hearing_loop", _("Hearing loop")),
    ("bsl", "bsl_interpretation", _("British Sign Language (BSL) interpretation")),
    ("quiet-space", "quiet_space", _("Quiet space")),
    ("childcare", "childcare", _("Childcare")),
    ("family-friendly", "family_friendly", _("Family friendly")),
    ("women-only", "women_only", _("Women-only session")),
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


# One message per rule, shared by the page, the submission and the public form.
REPEAT_UNTIL_MISSING = _("Enter the last date it repeats on")
REPEAT_UNTIL_TOO_EARLY = _("The last date it repeats on must be after the start date")
REPEAT_UNTIL_TOO_LATE = _("An event can repeat for at most 2 years")
REPEAT_ON_ONE_DAY = _("A repeating event must start and end on the same day")
POSTCODE_INVALID = _("Enter a real UK postcode, like DE4 3AG")


def repeat_until_error(first_day, repeat_until):
    """The message for a last repeat date that does not fit the first date, or None."""
    if repeat_until <= first_day:
        return REPEAT_UNTIL_TOO_EARLY
    if (repeat_until - first_day).days > schedule.MAX_REPEAT_DAYS:
        return REPEAT_UNTIL_TOO_LATE
    return None


class EventDetails(models.Model):
    """What an event is, declared once for EventPage and EventSubmission: its summary, schedule
    and repeat rule, venue and online link, cost and booking, organiser, area, category, themes
    and priority, and inclusion and access. Approval copies these fields from a submission to a
    new page. Models using it are ClusterableModels (themes is a ParentalManyToManyField)."""

    summary = models.TextField(
        max_length=300, help_text="One or two sentences shown in listings and feeds. Plain text."
    )

    start = models.DateTimeField(
        db_index=True, help_text="When the event starts, UK time. For an all-day event, the first day."
    )
    end = models.DateTimeField(
        help_text="When the (first) event ends, UK time. For an all-day event, the last day."
    )
    all_day = models.BooleanField(default=False, help_text="Tick if the event has no start or end time.")
    repeat = models.CharField(
        max_length=20,
        choices=Repeat.choices,
        default=Repeat.NONE,
        help_text="How often the event happens again, counting from the start date.",
    )
    repeat_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last date it may repeat on, e.g. 30 June. At most 2 years after the start.",
    )

    venue_name = models.CharField(max_length=200, blank=True, help_text="e.g. Riverside Community Centre.")
    venue_address = models.TextField(
        max_length=500, blank=True, help_text="Street and town, one part per line. The postcode goes below."
    )
    venue_postcode = models.CharField(max_length=10, blank=True, help_text="e.g. DE4 3AG. Links to a map.")
    online_url = models.URLField(
        "online link",
        max_length=500,
        blank=True,
        help_text="Link to join online (e.g. Zoom or Teams). Leave empty for an in-person-only event.",
    )

    is_free = models.BooleanField(default=True, verbose_name="free", help_text="Tick if it costs nothing.")
    price = models.CharField(
        max_length=120, blank=True, help_text="If it is not free: what it costs, e.g. '£3, children free'."
    )
    booking_url = models.URLField(
        "booking link", max_length=500, blank=True, help_text="Where to book, if people need to."
    )

    organiser_name = models.CharField(max_length=200, help_text="The group or organisation running it.")
    organiser_url = models.URLField(
        "organiser website",
        max_length=500,
        blank=True,
        help_text="The group's website or contact form. Never a bare email address: it would be harvested.",
    )

    area = models.ForeignKey(
        "home.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_set",
        help_text="The district it takes place in. Leave empty for online-only events.",
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_set",
        help_text="The kind of event, used in filters.",
    )
    themes = ParentalManyToManyField(
        "home.Theme",
        blank=True,
        related_name="%(class)s_set",
        help_text="The integration factors it serves.",
    )
    # Set by editors (on the page, or when approving a submission); never on the public form.
    priority = models.ForeignKey(
        "guidance.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_set",
        help_text="The action plan priority this event helps deliver, if any.",
    )

    image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="image alternative text",
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )

    step_free_access = models.BooleanField(
        default=False, help_text="Step-free from the street to the room and the toilets."
    )
    hearing_loop = models.BooleanField(default=False, help_text="A working hearing (induction) loop.")
    bsl_interpretation = models.BooleanField(
        default=False, verbose_name="BSL interpretation", help_text="A British Sign Language interpreter."
    )
    quiet_space = models.BooleanField(default=False, help_text="A quiet room people can go to.")
    childcare = models.BooleanField(default=False, help_text="Childcare or a crèche is provided.")
    family_friendly = models.BooleanField(default=False, help_text="Children are welcome.")
    women_only = models.BooleanField(
        default=False, verbose_name="women-only session", help_text="For women only."
    )
    languages = models.CharField(
        "languages spoken",
        max_length=200,
        blank=True,
        help_text="Languages spoken, e.g. 'English, Polish and Urdu'.",
    )
    access_notes = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Anything else about access: parking, seating, support on arrival.",
    )

    class Meta:
        abstract = True

    @classmethod
    def detail_field_names(cls):
        """The names of the fields declared here, many-to-many included: what approval copies."""
        return [field.name for field in EventDetails._meta.fields + EventDetails._meta.many_to_many]

    def detail_values(self):
        """{name: value} for every field declared here; many-to-many as a list of objects."""
        many = {field.name for field in EventDetails._meta.many_to_many}
        return {
            name: list(getattr(self, name).all()) if name in many else getattr(self, name)
            for name in self.detail_field_names()
        }

    def clean(self):
        # The details' rules and the model's own (Page.clean: the slug), all reported at once.
        errors = {name: [message] for name, message in self.detail_errors().items()}
        try:
            super().clean()
        except ValidationError as error:
            error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def detail_errors(self):
        """{field: message} for every rule the details break; also tidies the postcode."""
        errors = {}
        if self.start and self.end:
            start_day, end_day = schedule.to_local(self.start).date(), schedule.to_local(self.end).date()
            if self.all_day and end_day < start_day:
                errors["end"] = _("The last day must be the same as or after the first day")
            elif not self.all_day and self.end <= self.start:
                errors["end"] = _("The end time must be after the start time")
            elif self.repeat != Repeat.NONE and end_day != start_day:
                errors["end"] = REPEAT_ON_ONE_DAY
        if self.repeat == Repeat.NONE:
            self.repeat_until = None
        elif not self.repeat_until:
            errors["repeat_until"] = REPEAT_UNTIL_MISSING
        elif self.start:
            message = repeat_until_error(schedule.to_local(self.start).date(), self.repeat_until)
            if message:
                errors["repeat_until"] = message
        self.venue_postcode = normalise_postcode(self.venue_postcode)
        if self.venue_postcode and not UK_POSTCODE.match(self.venue_postcode):
            errors["venue_postcode"] = POSTCODE_INVALID
        if not (self.venue_name or self.venue_postcode or self.online_url):
            errors["venue_name"] = _("Enter a venue, an online link, or both")
        if not self.is_free and not self.price.strip():
            errors["price"] = _("Enter what it costs, or tick 'free'")
        return errors

    @property
    def spans(self):
        """Every occurrence, computed from the fields (so previews of drafts are right too)."""
        return schedule.spans(self.start, self.end, self.all_day, self.repeat, self.repeat_until)

    @property
    def repeat_text(self):
        return schedule.describe_rule(self.repeat, schedule.to_local(self.start), self.repeat_until)

    @property
    def inclusion_labels(self):
        return [str(label) for _value, field, label in INCLUSION_FEATURES if getattr(self, field)]
