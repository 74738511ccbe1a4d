"""The public story filter and the admin form that enforces the consent rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

# A consent record is complete when these say who agreed, when and how.
CONSENT_FIELDS = ("consent_people", "consent_date", "consent_method")
CONSENT_RULE = (
    "A story cannot be published or sent for approval without a consent record. Everyone named or "
    "pictured must have agreed to appear, so on the Consent tab record who agreed, when and how. "
    "You can save a draft without it."
)
CONSENT_FIELD_MESSAGE = "Needed before the story can be published."


class StoryFilterForm(forms.Form):
    """Area and theme filters for the story index: a GET form, so a filtered list has its own address."""

    area = forms.ChoiceField(required=False, label=_("Area"))
    theme = forms.ChoiceField(required=False, label=_("Theme"))

    def __init__(self, data, *, areas, themes):
        super().__init__(data)
        self.areas_by_slug = {area.slug: area for area in areas}
        self.themes_by_slug = {theme.slug: theme for theme in themes}
        self.fields["area"].choices = [("", _("All areas"))] + [
            (a.slug, a.name) for a in self.areas_by_slug.values()
        ]
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.slug, t.name) for t in self.themes_by_slug.values()
        ]

    def chosen(self):
        """(area, theme) the reader picked; a value that matches nothing (an old link) is ignored."""
        self.is_valid()
        cleaned = self.cleaned_data
        return (
            self.areas_by_slug.get(cleaned.get("area") or ""),
            self.themes_by_slug.get(cleaned.get("theme") or ""),
        )


class StoryPageForm(WagtailAdminPageForm):
    """Explains the consent rule on the Consent tab before anything is published or sent for approval."""

    # Buttons in Wagtail's edit and create views that lead to the story going live.
    GOING_LIVE_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new page is live until Wagtail's view says otherwise, so the model would hold every first
        # draft to the consent rule; both create actions set `live` themselves after validation.
        if not self.instance.pk:
            self.instance.live = False

    def is_going_live(self):
        if any(self.data.get(action) for action in self.GOING_LIVE_ACTIONS):
            return True
        if self.data.get("action-workflow-action") and self.data.get("workflow-action-name", "").startswith(
            "approve"
        ):
            return True
        # A draft awaiting approval is a draft someone may publish with one click.
        return bool(self.instance.pk and self.instance.workflow_in_progress)

    def clean(self):
        cleaned_data = super().clean()
        # A live story is held to the rule by the model's own clean(); this covers drafts on their way.
        if not self.instance.live and self.is_going_live():
            missing = [name for name in CONSENT_FIELDS if not str(cleaned_data.get(name) or "").strip()]
            for name in missing:
                if name not in self.errors:
                    self.add_error(name, CONSENT_FIELD_MESSAGE)
            if missing:
                self.add_error(None, CONSENT_RULE)
        return cleaned_data
