"""Admin: synonyms as snippets, and the search queries report under Reports."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup
from .reports import REPORT_PERMISSION, SearchQueriesReportView


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    view = SearchQueriesReportView
    return [
        path("reports/search-queries/", view.as_view(), name="search_report"),
        path(
            "reports/search-queries/results/", view.as_view(results_only=True), name="search_report_results"
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return ReportMenuItem(
        "Search queries", reverse("search_report"), name="search-queries", icon_name="search", order=1310
    )
