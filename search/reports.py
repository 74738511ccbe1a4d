"""The editors' report: what people search for most, and which searches found nothing."""

import datetime

import django_filters

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .models import ZeroResultDailyHits

PERIODS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("all", "All recorded")]
DEFAULT_PERIOD = "30"
REPORT_PERMISSION = "search.view_search_report"


def period_start(value):
    if value == "all":
        return None
    days = int(value) if value in dict(PERIODS) else int(DEFAULT_PERIOD)
    return timezone.localdate() - datetime.timedelta(days=days - 1)


def hits_since(model, since):
    rows = model.objects.filter(query=OuterRef("pk"))
    if since is not None:
        rows = rows.filter(date__gte=since)
    total = rows.order_by().values("query").annotate(total=Sum("hits")).values("total")[:1]
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


class SearchQueriesFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label="Period", choices=PERIODS, empty_label=None, method="by_period", null_label=None
    )
    outcome = django_filters.ChoiceFilter(
        label="Show",
        choices=[("none", "Only searches that found nothing")],
        empty_label="All searches",
        method="by_outcome",
    )

    class Meta:
        model = Query
        fields = []

    def by_period(self, queryset, name, value):
        # The period shapes the counts themselves; see SearchQueriesReportView.get_base_queryset.
        return queryset

    def by_outcome(self, queryset, name, value):
        return queryset.filter(_no_results__gt=0) if value == "none" else queryset


class SearchQueriesReportView(ReportView):
    page_title = "Search queries"
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchQueriesFilterSet
    default_ordering = "-_searches"
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    columns = [
        Column("query_string", label="Search term", sort_key="query_string"),
        NumberColumn("_searches", label="Searches", sort_key="_searches"),
        NumberColumn("_no_results", label="Searches that found nothing", sort_key="_no_results"),
    ]
    list_export = ["query_string", "_searches", "_no_results"]
    export_headings = {
        "query_string": "Search term",
        "_searches": "Searches",
        "_no_results": "Searches that found nothing",
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        since = period_start(self.request.GET.get("period", DEFAULT_PERIOD))
        return Query.objects.annotate(
            _searches=hits_since(QueryDailyHits, since),
            _no_results=hits_since(ZeroResultDailyHits, since),
        ).filter(_searches__gt=0)
