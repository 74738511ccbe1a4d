"""The two public steps: the yes/no answer, then (after "no") what the reader was looking for."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .masking import mask_personal_data
from .models import COMMENT_MAX_LENGTH, PageFeedback

TOKEN_SALT = "feedback.comment"  # noqa: S105 (a signing namespace, not a secret)
# The comment step must follow its "no" within this many seconds.
TOKEN_MAX_AGE = 60 * 60


class AnswerForm(forms.ModelForm):
    """The cached form on every page: which page, and yes or no. No per-visitor token."""

    page = forms.ModelChoiceField(queryset=Page.objects.none(), widget=forms.HiddenInput)
    useful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )

    class Meta:
        model = PageFeedback
        fields = ["page", "useful"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only pages anyone may read: never drafts, private pages or the tree's roots.
        self.fields["page"].queryset = Page.objects.live().public().filter(depth__gt=1)


class CommentForm(forms.Form):
    """Shown after "no"; tied to that answer by a signed token, so it can only add to it once."""

    token = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What were you looking for?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _("What you were looking for must be %(limit_value)s characters or fewer")
        },
    )

    @staticmethod
    def token_for(feedback):
        return signing.dumps(feedback.pk, salt=TOKEN_SALT)

    def clean_token(self):
        try:
            feedback_id = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(_("This form has expired")) from None
        feedback = PageFeedback.objects.filter(pk=feedback_id, useful=False, comment="").first()
        if feedback is None:
            raise forms.ValidationError(_("This form has already been sent"))
        return feedback

    def save(self):
        feedback = self.cleaned_data["token"]
        comment = mask_personal_data(self.cleaned_data["comment"].strip())
        if comment:
            # Conditional update: a second post with the same token cannot overwrite the first.
            PageFeedback.objects.filter(pk=feedback.pk, comment="").update(comment=comment)
        return feedback
