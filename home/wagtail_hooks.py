"""Admin registration for the taxonomies, grouped under one menu item."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Area, Audience, Theme


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AreaViewSet(TaxonomyViewSet):
    model = Area
    icon = "site"


class ThemeViewSet(TaxonomyViewSet):
    model = Theme
    icon = "tag"


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "group"


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomies"
    menu_icon = "tag"
    menu_order = 300
    items = (AreaViewSet, ThemeViewSet, AudienceViewSet)


register_snippet(TaxonomyGroup)
