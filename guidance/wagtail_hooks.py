"""Admin: the action plan's priorities, with their actions."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Priority


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


register_snippet(PriorityViewSet)
