"""The events listing's filters: a GET form whose address can be shared, applied to occurrences.

The same parameters filter the listing, the archive, the RSS feed and the .ics calendar.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from home.forms import DateBoundField, GovukDateField
from home.models import Area, Theme

from . import schedule
from .models.details import INCLUSION_FEATURES, INCLUSION_FIELDS, EventCategory

WHEN_CHOICES = [
    ("", _("Any date")),
    ("today", _("Today")),
    ("this-week", _("This week")),
    ("this-month", _("This month")),
]
MODE_CHOICES = [("", _("In person or online")), ("in-person", _("In person")), ("online", _("Online"))]


class SlugChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EventFilterForm(forms.Form):
    """Filters that combine: every one given must hold."""

    when = forms.ChoiceField(label=_("Date"), choices=WHEN_CHOICES, required=False, widget=forms.RadioSelect)
    area = SlugChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any area"),
    )
    category = SlugChoiceField(
        label=_("Category"),
        queryset=EventCategory.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any category"),
    )
    theme = SlugChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any theme"),
    )
    free = forms.BooleanField(label=_("Free events only"), required=False)
    mode = forms.ChoiceField(
        label=_("In person or online"), choices=MODE_CHOICES, required=False, widget=forms.RadioSelect
    )
    access = forms.MultipleChoiceField(
        label=_("Inclusion and access"),
        choices=[(value, label) for value, _field, label in INCLUSION_FEATURES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        if args and args[0] is not None:
            # So "Any date" and "In person or online" show as chosen when the address leaves them out.
            data = args[0].copy()
            for key in ("when", "mode"):
                data.setdefault(key, "")
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the two date fields are added here.
        self.fields["from"] = GovukDateField(label=_("From"), label_for_errors=_("From"), required=False)
        self.fields["to"] = GovukDateField(label=_("To"), label_for_errors=_("To"), required=False)
        self.order_fields(["when", "from", "to"])
        locale = Locale.get_active()
        self.fields["area"].queryset = Area.objects.live().filter(locale=locale)
        self.fields["category"].queryset = EventCategory.objects.live().filter(locale=locale)
        self.fields["theme"].queryset = Theme.objects.live().filter(locale=locale)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and last < first:
            self.add_error("to", _("To must be the same as or after From"))
        return cleaned

    # -- applying -----------------------------------------------------------

    def valid_data(self):
        """The values that passed validation: a bad field is reported and ignored, not fatal."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def date_range(self, now=None):
        """(first day, last day) in UK dates, either end may be None; None when dates are not filtered."""
        data = self.valid_data()
        today = schedule.local_today(now)
        if data.get("from") or data.get("to"):
            return data.get("from"), data.get("to")
        when = data.get("when")
        if when == "today":
            return today, today
        if when == "this-week":
            return today, today + timedelta(days=6 - today.weekday())
        if when == "this-month":
            next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
            return today, next_month - timedelta(days=1)
        return None

    def filter(self, occurrences, now=None):
        data = self.valid_data()
        if not data:
            return occurrences
        days = self.date_range(now)
        if days:
            first, last = days
            if first:
                occurrences = occurrences.filter(end__gt=schedule.day_bounds(first, first)[0])
            if last:
                occurrences = occurrences.filter(start__lt=schedule.day_bounds(last, last)[1])
        for name in ("area", "category"):
            if data.get(name):
                occurrences = occurrences.filter(**{f"event__{name}": data[name]})
        if data.get("theme"):
            occurrences = occurrences.filter(event__themes=data["theme"])
        if data.get("free"):
            occurrences = occurrences.filter(event__is_free=True)
        if data.get("mode") == "in-person":
            occurrences = occurrences.filter(Q(event__venue_name__gt="") | Q(event__venue_postcode__gt=""))
        elif data.get("mode") == "online":
            occurrences = occurrences.filter(event__online_url__gt="")
        for value in data.get("access") or []:
            occurrences = occurrences.filter(**{f"event__{INCLUSION_FIELDS[value]}": True})
        return occurrences

    # -- describing ---------------------------------------------------------

    def params(self):
        """The submitted parameters, without empty values or the page number."""
        if not self.is_bound:
            return []
        lists = (
            self.data.lists()
            if hasattr(self.data, "lists")
            else ((key, value if isinstance(value, list) else [value]) for key, value in self.data.items())
        )
        return [(key, value) for key, values in lists if key != "page" for value in values if value.strip()]

    def querystring(self):
        return urlencode(self.params())

    def has_dates(self):
        data = self.valid_data()
        return bool(data.get("from") or data.get("to"))

    def has_filters(self):
        return any(value not in (None, "", [], False) for value in self.valid_data().values())

    def active_filters(self):
        """[{label, remove_url}] for each filter in force, to show and undo one at a time."""
        data = self.valid_data()
        params = self.params()
        chips = []

        def without(*keys, value=None):
            kept = [(k, v) for k, v in params if not (k in keys and (value is None or v == value))]
            return "?" + urlencode(kept) if kept else "?"

        date_keys = (
            "when",
            *(f"{name}_{part}" for name in ("from", "to") for part in ("day", "month", "year")),
        )
        days = self.date_range()
        if days and not self.has_dates():
            chips.append({"label": dict(WHEN_CHOICES)[data["when"]], "remove_url": without(*date_keys)})
        elif days:
            first, last = days
            if first and last:
                label = gettext("%(first)s to %(last)s") % {
                    "first": schedule.format_date(first),
                    "last": schedule.format_date(last),
                }
            elif first:
                label = gettext("From %(date)s") % {"date": schedule.format_date(first)}
            else:
                label = gettext("Until %(date)s") % {"date": schedule.format_date(last)}
            chips.append({"label": label, "remove_url": without(*date_keys)})
        for name in ("area", "category", "theme"):
            if data.get(name):
                chips.append({"label": data[name].name, "remove_url": without(name)})
        if data.get("free"):
            chips.append({"label": gettext("Free"), "remove_url": without("free")})
        if data.get("mode"):
            chips.append({"label": dict(MODE_CHOICES)[data["mode"]], "remove_url": without("mode")})
        labels = dict(self.fields["access"].choices)
        for value in data.get("access") or []:
            chips.append({"label": labels[value], "remove_url": without("access", value=value)})
        return chips

    def error_list(self):
        """[(field id, message)] for the GOV.UK error summary; a date links to its faulty box."""
        items = []
        for name, messages in self.errors.items():
            bound = self[name] if name in self.fields else None
            anchor = bound.first_error_id if isinstance(bound, DateBoundField) else name
            items.extend((anchor, message) for message in messages)
        return items
