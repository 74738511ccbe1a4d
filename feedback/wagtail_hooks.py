"""Admin: the page feedback reports under Reports, and the "dealt with" action."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import VIEW_PERMISSION, FeedbackCommentsReportView, PageFeedbackReportView, mark_dealt_with


@hooks.register("register_admin_urls")
def register_feedback_report_urls():
    return [
        path("reports/page-feedback/", PageFeedbackReportView.as_view(), name="feedback_report"),
        path(
            "reports/page-feedback/results/",
            PageFeedbackReportView.as_view(results_only=True),
            name="feedback_report_results",
        ),
        path("reports/feedback-comments/", FeedbackCommentsReportView.as_view(), name="feedback_comments"),
        path(
            "reports/feedback-comments/results/",
            FeedbackCommentsReportView.as_view(results_only=True),
            name="feedback_comments_results",
        ),
        path(
            "reports/feedback-comments/page/<int:page_id>/",
            FeedbackCommentsReportView.as_view(),
            name="feedback_page_comments",
        ),
        path(
            "reports/feedback-comments/page/<int:page_id>/results/",
            FeedbackCommentsReportView.as_view(results_only=True),
            name="feedback_page_comments_results",
        ),
        path(
            "reports/feedback-comments/<int:pk>/dealt-with/", mark_dealt_with, name="feedback_mark_dealt_with"
        ),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return FeedbackMenuItem(
        "Page feedback", reverse("feedback_report"), name="page-feedback", icon_name="help", order=1320
    )


@hooks.register("register_reports_menu_item")
def register_feedback_comments_menu_item():
    return FeedbackMenuItem(
        "Feedback comments",
        reverse("feedback_comments"),
        name="feedback-comments",
        icon_name="comment",
        order=1330,
    )
