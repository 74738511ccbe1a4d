"""Admin rules for stories: bulk publishing keeps to the consent rule."""

from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks

from home.teasers import HOME_TEASER_HOOK

from .forms import CONSENT_RULE
from .models import StoryPage
from .teasers import latest_stories_teaser


def stories_lacking_consent(pages, include_descendants=False):
    """Stories among `pages` (and their drafts below, if those are published too) whose latest
    version has no consent record."""
    candidates = [page.specific for page in pages if issubclass(page.specific_class, StoryPage)]
    if include_descendants:
        for page in pages:
            candidates += StoryPage.objects.descendant_of(page).not_live()
    lacking = []
    for story in candidates:
        if not story.get_latest_revision_as_object().has_consent_record:
            lacking.append(story)
    return lacking


@hooks.register("before_bulk_action")
def refuse_to_bulk_publish_stories_without_consent(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    form = getattr(action_class_instance, "cleaned_form", None)
    include_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    lacking = stories_lacking_consent(objects, include_descendants)
    if not lacking:
        return None
    titles = ", ".join(f"'{story.get_admin_display_title()}'" for story in lacking)
    missing = "This story has" if len(lacking) == 1 else "These stories have"
    messages.error(request, f"Nothing was published. {missing} no consent record: {titles}. {CONSENT_RULE}")
    return redirect(action_class_instance.next_url)


hooks.register(HOME_TEASER_HOOK, latest_stories_teaser, order=20)
