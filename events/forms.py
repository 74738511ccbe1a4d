"""The public "Submit an event" form: GOV.UK date inputs, plain-English messages for every rule,
and the conversion of what people typed into an EventSubmission.

Text is kept exactly as typed (after trimming): markup is not stripped, it is escaped wherever it
is shown, so a group writing "Fish & chips <3" sees it as they wrote it.
"""

import hashlib
import hmac
import json
import re
from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.forms import DATE_PARTS, DateBoundField, GovukDateField, named_message, parse_whole_number
from home.models import Area, Theme

from . import schedule
from .images import clean_image
from .models.details import (
    INCLUSION_FEATURES,
    POSTCODE_INVALID,
    REPEAT_UNTIL_MISSING,
    UK_POSTCODE,
    EventCategory,
    normalise_postcode,
    repeat_until_error,
)
from .models.sources import CalendarSource
from .models.submissions import EventSubmission
from .schedule import Repeat

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()\-]+$", re.ASCII)
# Characters that have no place in a single-line answer (they would break email headers).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
TEXTAREA_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_YEARS_AHEAD = 2


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------


TOO_LONG = _("%(name)s must be %(max)s characters or fewer")


class GovukTextField(forms.CharField):
    """Text with GOV.UK messages that name the field: "Enter the event title" (`required_message`,
    a whole sentence) and "The event title must be 120 characters or fewer" (`label_for_errors`,
    translated, is the subject of that sentence)."""

    def __init__(self, *, label_for_errors, required_message=None, **kwargs):
        self.label_for_errors = label_for_errors
        kwargs.setdefault("error_messages", {})
        if required_message:
            kwargs["error_messages"].setdefault("required", required_message)
        super().__init__(**kwargs)
        if self.max_length:
            self.error_messages["max_length"] = named_message(TOO_LONG, label_for_errors, max=self.max_length)


class SingleLineField(GovukTextField):
    """Text on one line: no control characters, so it is safe in an email subject."""

    def to_python(self, value):
        value = super().to_python(value)
        if CONTROL_CHARACTERS.search(value):
            raise ValidationError(
                named_message(_("%(name)s must be on one line"), self.label_for_errors),
                code="control_characters",
            )
        return value


class ParagraphField(GovukTextField):
    """Several lines of plain text, counted with the GOV.UK character count."""

    widget = forms.Textarea

    def to_python(self, value):
        # Browsers send line breaks as \r\n; count them as one character, as the counter does.
        value = super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")
        return TEXTAREA_CONTROL_CHARACTERS.sub("", value)


class WebAddressField(forms.URLField):
    """A web link. `invalid_message` is the whole "Enter ... in the correct format" sentence."""

    def __init__(self, *, label_for_errors, invalid_message, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs["error_messages"] = {
            "invalid": invalid_message,
            "max_length": named_message(TOO_LONG, label_for_errors, max=500),
        }
        kwargs["assume_scheme"] = "https"
        super().__init__(**kwargs)
        # Only web links: no javascript:, data: or ftp: addresses on a public page.
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, URLValidator)
        ] + [URLValidator(schemes=["http", "https"], message=self.error_messages["invalid"])]


TIME_PATTERNS = [
    re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<suffix>am|pm|a\.m\.|p\.m\.)$", re.ASCII),
    re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$", re.ASCII),
]


class TimeOfDayField(forms.CharField):
    """A time typed the way people write it: 7pm, 7:30pm, 19:30 or midday."""

    def __init__(self, *, label_for_errors, **kwargs):
        self.label_for_errors = label_for_errors
        super().__init__(**kwargs)

    @property
    def invalid_message(self):
        return named_message(_("%(name)s must be a real time, like 7pm or 19:30"), self.label_for_errors)

    def to_python(self, value):
        text = super().to_python(value).lower().replace(" ", "")
        if not text:
            return None
        if len(text) > 12:
            raise ValidationError(self.invalid_message, code="invalid")
        if text in ("midday", "noon", "12noon"):
            return time(12, 0)
        if text == "midnight":
            return time(0, 0)
        for pattern in TIME_PATTERNS:
            match = pattern.match(text)
            if match:
                break
        else:
            raise ValidationError(self.invalid_message, code="invalid")
        hour, minute = parse_whole_number(match["hour"]), parse_whole_number(match["minute"] or "0")
        suffix = (match.groupdict().get("suffix") or "").replace(".", "")
        if suffix:
            if not 1 <= hour <= 12:
                raise ValidationError(self.invalid_message, code="invalid")
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(self.invalid_message, code="invalid")
        return time(hour, minute)


class ImageUploadField(forms.FileField):
    """An optional image, checked by content and re-encoded (see events.images)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return clean_image(upload)


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------


# What people type in as it is stored: the mixin's details plus who sent them. The rest of the
# mixin (start and end, free, in person or online, inclusion) is derived from the answers in
# clean(); the moderation fields are never on the form.
SUBMITTED_FIELDS = [
    "organiser_name",
    "organiser_url",
    "contact_name",
    "contact_email",
    "contact_phone",
    "title",
    "summary",
    "description",
    "repeat",
    "repeat_until",
    "venue_name",
    "venue_address",
    "venue_postcode",
    "online_url",
    "area",
    "category",
    "price",
    "booking_url",
    "languages",
    "access_notes",
    "image_alt",
]


class EventSubmissionForm(forms.ModelForm):
    """What a community group tells us about an event: a ModelForm over EventSubmission, whose
    model rules (EventDetails.clean) run after the form's own. Never exposes moderation fields."""

    class Meta:
        model = EventSubmission
        fields = SUBMITTED_FIELDS

    REPEAT_CHOICES = [(value, label) for value, label in Repeat.choices if value != Repeat.NONE]
    WHERE_CHOICES = [("in_person", _("In person, at a venue")), ("online", _("Online"))]

    organiser_name = SingleLineField(
        max_length=200,
        label=_("Name of your group or organisation"),
        label_for_errors=_("the name of your group or organisation"),
        required_message=_("Enter the name of your group or organisation"),
    )
    organiser_url = WebAddressField(
        required=False,
        label=_("Your group's website or contact page (optional)"),
        label_for_errors=_("your group's website"),
        invalid_message=_(
            "Enter your group's website in the correct format, like https://www.example.org.uk"
        ),
    )
    contact_name = SingleLineField(
        max_length=120,
        label=_("Your full name"),
        label_for_errors=_("your full name"),
        required_message=_("Enter your full name"),
    )
    contact_email = forms.EmailField(
        max_length=254,
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    contact_phone = SingleLineField(
        max_length=40,
        required=False,
        label=_("Phone number (optional)"),
        label_for_errors=_("a phone number"),
    )

    title = SingleLineField(
        max_length=120,
        label=_("Event title"),
        label_for_errors=_("the event title"),
        required_message=_("Enter the event title"),
    )
    summary = ParagraphField(
        max_length=300,
        label=_("Summary"),
        label_for_errors=_("a summary of the event"),
        required_message=_("Enter a summary of the event"),
    )
    description = ParagraphField(
        max_length=5000,
        required=False,
        label=_("Full description (optional)"),
        label_for_errors=_("a description"),
    )

    start_date = GovukDateField(
        label=_("Start date"),
        label_for_errors=_("the start date"),
        required_message=_("Enter the start date"),
    )
    end_date = GovukDateField(
        required=False, label=_("End date (optional)"), label_for_errors=_("the end date")
    )
    start_time = TimeOfDayField(required=False, label=_("Start time"), label_for_errors=_("the start time"))
    end_time = TimeOfDayField(required=False, label=_("End time"), label_for_errors=_("the end time"))
    # Checkboxes, not radios, reveal the follow-up questions: GOV.UK's script marks a revealing
    # radio aria-expanded, which ARIA does not allow on a radio (axe: aria-allowed-attr).
    all_day = forms.BooleanField(required=False, label=_("It lasts all day, with no start or end time"))
    repeats = forms.BooleanField(required=False, label=_("It repeats"))
    repeat = forms.ChoiceField(
        choices=REPEAT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        label=_("How often?"),
        error_messages={"invalid_choice": _("Select how often the event repeats")},
    )
    repeat_until = GovukDateField(
        required=False, label=_("Last date it repeats on"), label_for_errors=_("the last date it repeats on")
    )

    where = forms.MultipleChoiceField(
        choices=WHERE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label=_("Where does it take place?"),
        error_messages={
            "required": _("Select if the event is in person, online or both"),
            "invalid_choice": _("Select if the event is in person, online or both"),
        },
    )
    venue_name = SingleLineField(
        max_length=200, required=False, label=_("Venue name"), label_for_errors=_("the venue name")
    )
    venue_address = ParagraphField(
        max_length=500, required=False, label=_("Address (optional)"), label_for_errors=_("the address")
    )
    venue_postcode = SingleLineField(
        max_length=10, required=False, label=_("Postcode"), label_for_errors=_("the postcode")
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Area"),
        empty_label=_("Choose the area"),
        error_messages={"invalid_choice": _("Select the area the venue is in")},
    )
    online_url = WebAddressField(
        required=False,
        label=_("Link to join online"),
        label_for_errors=_("the link to join online"),
        invalid_message=_(
            "Enter the link to join online in the correct format, like https://zoom.us/j/123456789"
        ),
    )

    category = forms.ModelChoiceField(
        queryset=EventCategory.objects.none(),
        required=False,
        label=_("What kind of event is it?"),
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Select what kind of event it is")},
    )
    price = SingleLineField(
        max_length=120, required=False, label=_("Cost (optional)"), label_for_errors=_("the cost")
    )
    booking_url = WebAddressField(
        required=False,
        label=_("Booking link (optional)"),
        label_for_errors=_("the booking link"),
        invalid_message=_(
            "Enter the booking link in the correct format, like https://www.eventbrite.co.uk/e/123"
        ),
    )

    inclusion = forms.MultipleChoiceField(
        choices=[(field, label) for _value, field, label in INCLUSION_FEATURES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Which of these does the event offer?"),
        error_messages={"invalid_choice": _("Select only the options shown")},
    )
    languages = SingleLineField(
        max_length=200,
        required=False,
        label=_("Languages spoken (optional)"),
        label_for_errors=_("the languages spoken"),
    )
    access_notes = ParagraphField(
        max_length=1000,
        required=False,
        label=_("Anything else about access (optional)"),
        label_for_errors=_("access notes"),
    )

    image = ImageUploadField(required=False, label=_("Upload an image (optional)"))
    image_alt = SingleLineField(
        max_length=250,
        required=False,
        label=_("Describe the image"),
        label_for_errors=_("a description of the image"),
    )

    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to my details being used to check and "
            "publish this event"
        ),
        error_messages={"required": _("Confirm you have read the privacy notice")},
    )

    # Spam defences: a field people never see, and when the form was served (signed).
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    # Fields in the order the page shows them, for the error summary.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        # A ModelForm puts the model's fields first; the error summary follows the page's order.
        self.order_fields(self.declared_fields)
        self._discarded = set()
        self.fields["area"].queryset = Area.objects.live().filter(
            locale__language_code=settings.LANGUAGE_CODE
        )
        categories = EventCategory.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
        self.fields["category"].queryset = categories
        self.fields["category"].required = categories.exists()
        self.fields["category"].error_messages["required"] = _("Select what kind of event it is")

    # -- field rules ---------------------------------------------------------

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone, flags=re.ASCII)
        if not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 15:
            raise ValidationError(
                _("Enter a phone number, like 01629 533190 or +44 7700 900 982"), code="invalid"
            )
        return phone

    def clean_venue_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["venue_postcode"])
        if postcode and not UK_POSTCODE.match(postcode):
            raise ValidationError(POSTCODE_INVALID, code="invalid")
        return postcode

    def clean_website(self):
        return self.cleaned_data["website"].strip()

    # -- rules across fields -------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        self._clean_dates(cleaned)
        self._clean_place(cleaned)
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it"))
        if not cleaned.get("image"):
            cleaned["image_alt"] = ""
        if not self._errors:
            # The derived details, so the model's own rules check the whole event.
            for name, value in self.submission_values().items():
                setattr(self.instance, name, value)
        return cleaned

    def _update_errors(self, errors):
        """The model's errors, on the inputs that hold them: start and end on the time boxes (the
        date boxes for an all-day event); none on a field that already shows an error or sits
        inside a closed reveal, so each input shows one message."""
        error_dict = getattr(errors, "error_dict", {NON_FIELD_ERRORS: getattr(errors, "error_list", [])})
        mapped = {}
        for name, error_list in error_dict.items():
            if name in ("start", "end"):
                name = f"{name}_date" if self.cleaned_data.get("all_day") else f"{name}_time"
            if name not in self.fields:
                name = NON_FIELD_ERRORS
            if name in self._discarded or (name != NON_FIELD_ERRORS and name in self._errors):
                continue
            mapped.setdefault(name, []).extend(error_list)
        if mapped:
            super()._update_errors(ValidationError(mapped))

    def _clean_dates(self, cleaned):
        start_date, end_date = cleaned.get("start_date"), cleaned.get("end_date")
        all_day, repeats = cleaned.get("all_day"), cleaned.get("repeats")
        today = schedule.local_today()
        if start_date:
            if start_date < today:
                self.add_error(
                    "start_date", self._date_error(_("The start date must be today or in the future"))
                )
            elif start_date.year > today.year + MAX_YEARS_AHEAD:
                self.add_error(
                    "start_date",
                    self._date_error(
                        gettext("The start date must be within the next %(years)s years")
                        % {"years": MAX_YEARS_AHEAD}
                    ),
                )
        if start_date and end_date:
            if end_date < start_date:
                self.add_error(
                    "end_date",
                    self._date_error(_("The end date must be the same as or after the start date")),
                )
            elif (end_date - start_date).days > 366:
                self.add_error(
                    "end_date", self._date_error(_("The end date must be within a year of the start date"))
                )
        if all_day:
            self._discard(cleaned, "start_time", None)
            self._discard(cleaned, "end_time", None)
        else:
            if cleaned.get("start_time") is None and "start_time" not in self.errors:
                self.add_error("start_time", _("Enter the start time, or select that it lasts all day"))
            if cleaned.get("end_time") is None and "end_time" not in self.errors:
                self.add_error("end_time", _("Enter the end time, or select that it lasts all day"))
        if repeats:
            if not cleaned.get("repeat") and "repeat" not in self.errors:
                self.add_error("repeat", _("Select how often the event repeats"))
            until = cleaned.get("repeat_until")
            if until is None and "repeat_until" not in self.errors:
                self.add_error("repeat_until", self._date_error(REPEAT_UNTIL_MISSING))
            elif until and start_date and (message := repeat_until_error(start_date, until)):
                self.add_error("repeat_until", self._date_error(message))
            if end_date and start_date and end_date != start_date and "end_date" not in self.errors:
                self.add_error(
                    "end_date",
                    self._date_error(
                        _("A repeating event must end on the day it starts. Leave the end date empty")
                    ),
                )
        else:
            self._discard(cleaned, "repeat", Repeat.NONE)
            self._discard(cleaned, "repeat_until", None)

        self._clean_times(cleaned, start_date, end_date, all_day)

    def _clean_times(self, cleaned, start_date, end_date, all_day):
        """Compare the times even while a date is wrong, so every error shows at once; combine
        them into the start and end only when the dates and times are all right."""
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        same_day = not end_date or end_date == start_date
        if not all_day and start_time and end_time and same_day and end_time <= start_time:
            self.add_error("end_time", _("The end time must be after the start time"))
        if self.errors.keys() & {"start_date", "end_date", "start_time", "end_time"} or not start_date:
            return
        last_day = end_date or start_date
        if all_day:
            start = schedule.from_local(datetime.combine(start_date, time.min))
            end = schedule.from_local(datetime.combine(last_day, time.min))
        else:
            start = schedule.from_local(datetime.combine(start_date, start_time))
            end = schedule.from_local(datetime.combine(last_day, end_time))
            if end <= start:
                # Only across the clock change: a time that does not exist moves forward.
                self.add_error("end_time", _("The end time must be after the start time"))
                return
            if start < timezone.now():
                self.add_error("start_time", _("The start time must be in the future"))
                return
        cleaned["start"], cleaned["end"] = start, end

    def _clean_place(self, cleaned):
        where = set(cleaned.get("where") or [])
        if "in_person" in where:
            if not cleaned.get("venue_name") and "venue_name" not in self.errors:
                self.add_error("venue_name", _("Enter the venue name"))
            if not cleaned.get("venue_postcode") and "venue_postcode" not in self.errors:
                self.add_error("venue_postcode", _("Enter the venue's postcode"))
            if not cleaned.get("area") and "area" not in self.errors:
                self.add_error("area", _("Select the area the venue is in"))
        else:
            for name in ("venue_name", "venue_address", "venue_postcode"):
                self._discard(cleaned, name, "")
            self._discard(cleaned, "area", None)
        if "online" in where:
            if not cleaned.get("online_url") and "online_url" not in self.errors:
                self.add_error("online_url", _("Enter the link to join online"))
        else:
            self._discard(cleaned, "online_url", "")

    def _discard(self, cleaned, name, empty):
        """Answers inside a closed reveal are not part of the submission, nor are their errors."""
        self._errors.pop(name, None)
        self._discarded.add(name)
        cleaned[name] = empty

    @staticmethod
    def _date_error(message):
        return ValidationError(message, params={"parts": DATE_PARTS})

    # -- output --------------------------------------------------------------

    @property
    def error_list(self):
        """[(anchor id, message)] in page order, for the GOV.UK error summary."""
        items = []
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = bound.first_error_id if isinstance(bound, DateBoundField) else self.anchor_for(name)
            # One message per field, as the field itself shows.
            items.append((anchor, self.errors[name][0]))
        items.extend(("", message) for message in self.non_field_errors())
        return items

    def anchor_for(self, name):
        """Radios and checkboxes link to their first option, whose id Django suffixes with _0."""
        widget = self.fields[name].widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"{name}_0"
        return name

    def submission_values(self):
        """The cleaned answers as EventSubmission field values (everything but the image file)."""
        data = self.cleaned_data
        where = set(data["where"])
        values = {name: data[name] for name in [*SUBMITTED_FIELDS, "start", "end"]}
        values.update(
            all_day=bool(data["all_day"]),
            in_person="in_person" in where,
            online="online" in where,
            is_free=not data["price"],
            **{field: field in data["inclusion"] for _value, field, _label in INCLUSION_FEATURES},
        )
        return values

    def content_hash(self):
        """A keyed SHA-256 of the normalised answers: equal for an exact resubmission."""
        values = self.submission_values()
        normalised = {}
        for name, value in sorted(values.items()):
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, (datetime, date)):
                value = value.isoformat()
            elif isinstance(value, str):
                value = " ".join(value.split()).casefold()
            normalised[name] = value
        image = self.cleaned_data.get("image")
        normalised["image"] = hashlib.sha256(image.read()).hexdigest() if image else ""
        if image:
            image.seek(0)
        payload = json.dumps(normalised, sort_keys=True, default=str).encode()
        return hmac.new(settings.SECRET_KEY.encode(), payload, hashlib.sha256).hexdigest()


class ApprovalForm(forms.Form):
    """What an editor adds when approving a submission: the details the public form never asks
    for (themes, and the action plan priority the event helps deliver). A plain form with the
    model's own form fields: a ModelForm would run the submission's whole clean() again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = EventSubmission._meta
        # The site's own language: a new event page is created in it.
        in_site_language = {"locale__language_code": settings.LANGUAGE_CODE}
        self.fields["themes"] = model.get_field("themes").formfield(
            widget=forms.CheckboxSelectMultiple, queryset=Theme.objects.live().filter(**in_site_language)
        )
        priority = model.get_field("priority")
        self.fields["priority"] = priority.formfield(
            queryset=priority.related_model.objects.live().filter(**in_site_language), empty_label="None"
        )


class CalendarSourceForm(forms.ModelForm):
    """The public "Add your calendar" form: a pending source for a Moderator to approve. The
    model checks the address (https, or webcal rewritten to https)."""

    name = SingleLineField(
        max_length=200,
        label=_("Name of your group or organisation"),
        label_for_errors=_("the name of your group"),
        required_message=_("Enter the name of your group"),
    )
    organiser_url = WebAddressField(
        required=False,
        label=_("Your group's website (optional)"),
        label_for_errors=_("your group's website"),
        invalid_message=_(
            "Enter your group's website in the correct format, like https://www.example.org.uk"
        ),
    )
    url = SingleLineField(
        max_length=1000,
        label=_("Your calendar's public address"),
        label_for_errors=_("your calendar's public address"),
        required_message=_("Enter your calendar's public address"),
    )
    contact_name = SingleLineField(
        max_length=120,
        label=_("Your name"),
        label_for_errors=_("your name"),
        required_message=_("Enter your name"),
    )
    contact_email = forms.EmailField(
        max_length=254,
        label=_("Your email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )

    # Spam defences, as on the event form: a field people never see, and when the form was served.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CalendarSource
        fields = ["name", "organiser_url", "url", "contact_name", "contact_email"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    @property
    def error_list(self):
        """[(anchor id, message)] in page order, for the GOV.UK error summary."""
        items = [(name, self.errors[name][0]) for name in self.fields if name in self.errors]
        return items + [("", message) for message in self.non_field_errors()]
