"""Admin: the action plan's priorities (with their actions), and guidance due for review."""

from datetime import timedelta

from django.utils import timezone

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GuidanceNotePage, Priority

REVIEW_WARNING_DAYS = 30


class PriorityViewSet(SnippetViewSet):
    model = Priority
    icon = "list-ol"
    menu_label = "Action plan"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["number", "title", "progress_text"]
    ordering = ["number"]

    def get_queryset(self, request):
        return Priority.objects.prefetch_related("actions")


class GuidanceReviewPanel(Component):
    """Lists guidance notes whose 'next review due' date has passed or is close."""

    name = "guidance_review"
    order = 150
    template_name = "guidance/admin/guidance_review_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        notes = (
            GuidanceNotePage.objects.filter(next_review_due__lte=today + timedelta(days=REVIEW_WARNING_DAYS))
            .order_by("next_review_due")
            .only("id", "title", "next_review_due")
        )
        return {"notes": list(notes), "today": today, "warning_days": REVIEW_WARNING_DAYS}


register_snippet(PriorityViewSet)


@hooks.register("construct_homepage_panels")
def add_guidance_review_panel(request, panels):
    panels.append(GuidanceReviewPanel())
