"""Admin reports on "Is this page useful?": answers per page, and readers' comments.

Editors see both; moderators (who hold the change permission) also mark comments as dealt with."""

from datetime import timedelta

import django_filters

from django.contrib import messages
from django.db.models import Count, DecimalField, FloatField, Q
from django.db.models.functions import Cast, NullIf, Round
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .models import PageFeedback

VIEW_PERMISSION = "feedback.view_pagefeedback"
CHANGE_PERMISSION = "feedback.change_pagefeedback"
PERIODS = (30, 90)


def answers_since(days, useful):
    since = timezone.now() - timedelta(days=days)
    return Count("feedback", filter=Q(feedback__created_at__gte=since, feedback__useful=useful))


def yes_share(yes, no):
    """Share of "yes" answers in %, or None when nobody answered."""
    total = NullIf(Cast(yes, FloatField()) + Cast(no, FloatField()), 0.0)
    # Rounded as a decimal: PostgreSQL rounds a float's halves to even, a decimal's up, like SQLite.
    return Round(Cast(100 * Cast(yes, FloatField()) / total, DecimalField(max_digits=9, decimal_places=4)))


def summary(queryset):
    """Totals over each period, for the top of a report: [{'days', 'yes', 'no', 'ratio'}]."""
    return [{"days": days, **queryset.counts(days)} for days in PERIODS]


class DealtWithColumn(Column):
    """The comment's status; for moderators, a button that marks it as dealt with."""

    cell_template_name = "feedback/admin/dealt_with_cell.html"

    def __init__(self, name, can_mark=False, **kwargs):
        super().__init__(name, **kwargs)
        self.can_mark = can_mark

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(
            feedback=instance,
            can_mark=self.can_mark,
            csrf_token=get_token(request),
            mark_url=reverse("feedback_mark_dealt_with", args=[instance.pk]),
            next_url=request.get_full_path(),
        )
        return context


class FeedbackPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class PageFeedbackReportView(FeedbackPermissionMixin, ReportView):
    """Site-wide: each page with answers in the last 90 days, its counts and its share of "yes"."""

    page_title = "Page feedback"
    header_icon = "help"
    results_template_name = "feedback/admin/report_results.html"
    is_searchable = True
    search_fields = ["title"]
    default_ordering = "-no_90"
    index_url_name = "feedback_report"
    index_results_url_name = "feedback_report_results"
    list_export = [
        "title",
        "url_path",
        "yes_30",
        "no_30",
        "ratio_30",
        "yes_90",
        "no_90",
        "ratio_90",
        "open_comments",
    ]
    export_headings = {
        "title": "Page",
        "url_path": "Path",
        "yes_30": "Yes (30 days)",
        "no_30": "No (30 days)",
        "ratio_30": "Useful % (30 days)",
        "yes_90": "Yes (90 days)",
        "no_90": "No (90 days)",
        "ratio_90": "Useful % (90 days)",
        "open_comments": "Comments not dealt with",
    }

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Page",
                sort_key="title",
                get_url=lambda page: reverse("feedback_page_comments", args=[page.pk]),
            ),
            NumberColumn("yes_30", label="Yes, 30 days", sort_key="yes_30"),
            NumberColumn("no_30", label="No, 30 days", sort_key="no_30"),
            Column("ratio_30", label="Useful, 30 days (%)", sort_key="ratio_30"),
            NumberColumn("yes_90", label="Yes, 90 days", sort_key="yes_90"),
            NumberColumn("no_90", label="No, 90 days", sort_key="no_90"),
            Column("ratio_90", label="Useful, 90 days (%)", sort_key="ratio_90"),
            NumberColumn("open_comments", label="Comments to deal with", sort_key="open_comments"),
        ]

    def get_base_queryset(self):
        return (
            Page.objects.annotate(
                yes_30=answers_since(30, True),
                no_30=answers_since(30, False),
                yes_90=answers_since(90, True),
                no_90=answers_since(90, False),
                open_comments=Count(
                    "feedback", filter=Q(feedback__dealt_with=False) & ~Q(feedback__comment="")
                ),
            )
            .annotate(ratio_30=yes_share("yes_30", "no_30"), ratio_90=yes_share("yes_90", "no_90"))
            .filter(Q(yes_90__gt=0) | Q(no_90__gt=0) | Q(open_comments__gt=0))
        )

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            for name in ("ratio_30", "ratio_90"):
                value = getattr(page, name)
                setattr(page, name, "" if value is None else int(value))
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = summary(PageFeedback.objects.all())
        context["totals_heading"] = "All pages"
        return context


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("open", "Not dealt with"), ("done", "Dealt with")],
        empty_label="All comments",
        method="by_status",
    )

    class Meta:
        model = PageFeedback
        fields = []

    def by_status(self, queryset, name, value):
        return queryset.filter(dealt_with=(value == "done"))


class FeedbackCommentsReportView(FeedbackPermissionMixin, ReportView):
    """Readers' comments, newest first; at .../page/<id>/ one page's, with that page's counts."""

    page_title = "Feedback comments"
    header_icon = "comment"
    results_template_name = "feedback/admin/report_results.html"
    filterset_class = CommentFilterSet
    is_searchable = True
    search_fields = ["comment"]
    default_ordering = "-created_at"
    index_url_name = "feedback_comments"
    index_results_url_name = "feedback_comments_results"
    list_export = ["created_at", "page.title", "page.url_path", "comment", "dealt_with", "dealt_with_at"]
    export_headings = {
        "created_at": "Sent",
        "page.title": "Page",
        "page.url_path": "Path",
        "comment": "What they were looking for",
        "dealt_with": "Dealt with",
        "dealt_with_at": "Dealt with on",
    }

    @property
    def columns(self):
        return [
            DateColumn("created_at", label="Sent", sort_key="created_at"),
            Column("page", label="Page", accessor="page.title"),
            Column("comment", label="What they were looking for"),
            DealtWithColumn(
                "dealt_with", label="Status", can_mark=self.request.user.has_perm(CHANGE_PERMISSION)
            ),
        ]

    @cached_property
    def target_page(self):
        page_id = self.kwargs.get("page_id")
        return get_object_or_404(Page, pk=page_id) if page_id else None

    def get_index_url(self):
        if self.target_page:
            return reverse("feedback_page_comments", args=[self.target_page.pk])
        return super().get_index_url()

    def get_index_results_url(self):
        if self.target_page:
            return reverse("feedback_page_comments_results", args=[self.target_page.pk])
        return super().get_index_results_url()

    def get_page_title(self):
        return f"Feedback on ‘{self.target_page.title}’" if self.target_page else self.page_title

    def get_base_queryset(self):
        queryset = PageFeedback.objects.with_comments().select_related("page", "dealt_with_by")
        return queryset.filter(page=self.target_page) if self.target_page else queryset

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.target_page
        context.update(
            totals=summary(PageFeedback.objects.filter(page=page) if page else PageFeedback.objects.all()),
            totals_heading=f"Answers about ‘{page.title}’" if page else "All pages",
        )
        return context


def mark_dealt_with(request, pk):
    """POST only, for users who may change feedback; back to the listing they came from."""
    if request.method != "POST" or not request.user.has_perm(CHANGE_PERMISSION):
        return permission_denied(request)
    feedback = get_object_or_404(PageFeedback, pk=pk)
    if not feedback.dealt_with:
        feedback.mark_dealt_with(request.user)
        messages.success(request, "Comment marked as dealt with.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("feedback_comments")
    return redirect(next_url)
