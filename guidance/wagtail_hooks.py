"""Admin registration for the action plan's priorities."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Priority


class PriorityViewSet(SnippetViewSet):
    model = Priority
    icon = "list-ol"
    menu_label = "Action plan priorities"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["number", "title"]
    ordering = ["number"]


register_snippet(PriorityViewSet)
