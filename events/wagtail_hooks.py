"""Admin registration for event categories."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventCategory


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "date"
    menu_label = "Event categories"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(EventCategoryViewSet)
