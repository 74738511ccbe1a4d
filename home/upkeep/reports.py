"""The broken-link report: the last `manage.py check_links` run, under Reports."""

import django_filters

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import LinkCheckResult, LinkProblem

VIEW_PERMISSION = "upkeep.view_linkcheckresult"
EXTERNAL, ALL = "external", "all"


class LinkFilterSet(WagtailFilterSet):
    problem = django_filters.ChoiceFilter(
        label="Show",
        choices=[(EXTERNAL, "External links (not checked)"), (ALL, "All links")],
        # The default is no filter at all, so the listing opens without an "active filter" badge.
        empty_label="Broken internal links",
        method="by_problem",
    )

    class Meta:
        model = LinkCheckResult
        fields = []

    def by_problem(self, queryset, name, value):
        return queryset.filter(problem=LinkProblem.EXTERNAL) if value == EXTERNAL else queryset


class LinkReportView(ReportView):
    page_title = "Broken links"
    header_icon = "link"
    model = LinkCheckResult
    filterset_class = LinkFilterSet
    is_searchable = True
    search_fields = ["source_title", "target", "field"]
    default_ordering = "source_title"
    index_url_name = "link_report"
    index_results_url_name = "link_report_results"
    no_results_message = "No links to show. The check runs daily; `manage.py check_links` runs it now."
    columns = [
        TitleColumn(
            "source_title",
            label="Page or snippet",
            sort_key="source_title",
            get_url=lambda row: row.source_edit_url,
        ),
        Column("field", label="Field", sort_key="field"),
        Column("problem", label="Problem", accessor="get_problem_display", sort_key="problem"),
        Column("target", label="Target"),
        DateColumn("checked_at", label="Checked"),
    ]
    list_export = ["source_title", "field", "get_problem_display", "target", "checked_at"]
    export_headings = {
        "source_title": "Page or snippet",
        "field": "Field",
        "get_problem_display": "Problem",
        "target": "Target",
        "checked_at": "Checked",
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        results = LinkCheckResult.objects.all()
        if self.request.GET.get("problem") not in (EXTERNAL, ALL):
            results = results.exclude(problem=LinkProblem.EXTERNAL)
        return results

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs
