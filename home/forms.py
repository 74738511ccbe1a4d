"""Reading what people type: the one parser for every number and date taken from a request, and
the GOV.UK date input (day, month and year boxes) used by every form on the site.

Only ASCII digits count as digits: "²" passes str.isdigit() and "٣" passes int(), but neither is
a number anybody means to type into a date box. Years are kept within a range the calendar code
can add days to, so 31/12/9999 is an error message, not an overflow.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

DATE_PARTS = ("day", "month", "year")
PART_WIDTHS = {"day": 2, "month": 2, "year": 4}
PART_LABELS = {"day": gettext_lazy("Day"), "month": gettext_lazy("Month"), "year": gettext_lazy("Year")}
# "must include a ..." for each set of missing boxes: whole sentences, so each language can word
# them its own way. %(name)s is the field's name as the subject of the sentence.
MISSING_PARTS = {
    ("day",): gettext_lazy("%(name)s must include a day"),
    ("month",): gettext_lazy("%(name)s must include a month"),
    ("year",): gettext_lazy("%(name)s must include a year"),
    ("day", "month"): gettext_lazy("%(name)s must include a day and month"),
    ("day", "year"): gettext_lazy("%(name)s must include a day and year"),
    ("month", "year"): gettext_lazy("%(name)s must include a month and year"),
}
MIN_YEAR = 1900
MAX_YEAR = 2100
# Longer than any number a request has reason to carry; int() of a huge string is slow.
MAX_DIGITS = 9


def sentence(text):
    """'the start date' -> 'The start date', for messages that begin with a field's name."""
    text = str(text)
    return text[:1].upper() + text[1:]


def _named(template, name, **params):
    return str(template) % {"name": sentence(name), **params}


# A message whose %(name)s is a field's name (translated, as the sentence's subject), worded in
# the language active when it is shown: forms build their messages once, at import.
named_message = lazy(_named, str)


def parse_whole_number(text, *, low=None, high=None):
    """The whole number written in ASCII digits (spaces around it allowed), or None: no sign,
    no superscripts, no other scripts' digits, nothing outside [low, high]."""
    text = str(text if text is not None else "").strip()
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def parse_date(day, month, year, *, noun):
    """A date from its three typed parts, or ValidationError with the GOV.UK message for what is
    wrong and params["parts"] naming the boxes to mark. All three parts empty gives None."""
    values = [str(item if item is not None else "").strip() for item in (day, month, year)]
    if not any(values):
        return None
    name = sentence(noun)
    not_real = gettext("%(name)s must be a real date") % {"name": name}

    def fail(message, parts, code="invalid"):
        raise ValidationError(message, code=code, params={"parts": tuple(parts)})

    missing = [part for part, item in zip(DATE_PARTS, values, strict=True) if not item]
    if missing:
        fail(str(MISSING_PARTS[tuple(missing)]) % {"name": name}, missing, code="incomplete")
    numbers = dict(zip(DATE_PARTS, (parse_whole_number(item) for item in values), strict=True))
    wrong = [part for part in DATE_PARTS if numbers[part] is None]
    if wrong:
        fail(not_real, wrong)
    if len(values[2]) != 4:
        fail(gettext("Year must include 4 numbers"), ["year"])
    if not 1 <= numbers["month"] <= 12:
        fail(not_real, ["month"])
    if not MIN_YEAR <= numbers["year"] <= MAX_YEAR:
        fail(
            gettext("%(name)s must be between %(min)s and %(max)s")
            % {"name": name, "min": MIN_YEAR, "max": MAX_YEAR},
            ["year"],
            code="out_of_range",
        )
    try:
        return date(numbers["year"], numbers["month"], numbers["day"])
    except ValueError:
        fail(not_real, ["day"])


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, named <field>_day, <field>_month and <field>_year."""

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class DateBoundField(BoundField):
    """What the date input template needs: each box's name, id, value and error state."""

    @property
    def parts(self):
        raw = self.value()
        if not isinstance(raw, (list, tuple)):
            raw = self.field.widget.decompress(raw)
        faulty = set()
        for error in self.form.errors.as_data().get(self.name, []):
            faulty.update((error.params or {}).get("parts", DATE_PARTS))
        return [
            {
                "part": part,
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": PART_LABELS[part],
                "value": value or "",
                "width": PART_WIDTHS[part],
                "error": part in faulty,
            }
            for part, value in zip(DATE_PARTS, raw, strict=False)
        ]

    @property
    def first_error_id(self):
        """Where the error summary links to: the first box with an error."""
        for part in self.parts:
            if part["error"]:
                return part["id"]
        return f"{self.auto_id}_day"


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    Rendered by includes/date_input.html; `label_for_errors` (translatable, the subject of a
    sentence) starts each message, e.g. "the start date" gives "The start date must be a real
    date"; `required_message` is the whole "Enter the start date" sentence."""

    widget = DateInputWidget
    bound_field_class = DateBoundField

    def __init__(self, *, label_for_errors, required_message=None, **kwargs):
        self.label_for_errors = label_for_errors
        self.required_message = required_message
        super().__init__(**kwargs)

    def clean(self, value):
        values = list(value or [])[:3]
        values += [""] * (3 - len(values))
        parsed = parse_date(*values, noun=self.label_for_errors)
        if parsed is None and self.required:
            raise ValidationError(self.required_message, code="required", params={"parts": DATE_PARTS})
        return parsed
