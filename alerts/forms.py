"""The public alert forms, with GOV.UK error messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency

EMAIL_MESSAGES = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.com"),
    "max_length": _("Email address must be 254 characters or fewer"),
}


class GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def error_list(self):
        """[(field id, message)] for the GOV.UK error summary."""
        items = []
        for name, messages in self.errors.items():
            # A group of radios is reached through its first option.
            radios = name in self.fields and isinstance(self.fields[name].widget, forms.RadioSelect)
            anchor = (
                f"{self[name].auto_id}_0" if radios else self[name].auto_id if name in self.fields else ""
            )
            items.extend((anchor, message) for message in messages)
        return items


class EmailForm(GovukForm):
    email = forms.EmailField(label=_("Email address"), max_length=254, error_messages=EMAIL_MESSAGES)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SubscribeForm(EmailForm):
    frequency = forms.ChoiceField(
        label=_("How often do you want emails?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how often you want emails"),
            "invalid_choice": _("Select how often you want emails"),
        },
    )


class FrequencyForm(GovukForm):
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        error_messages={"required": _("Select how often"), "invalid_choice": _("Select how often")},
    )
