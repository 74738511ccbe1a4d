"""Admin: the dashboard panel of pages due for review, and the broken-link report."""

from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .reports import VIEW_PERMISSION, LinkReportView
from .review import PANEL_DAYS, pages_due


class ReviewPanel(Component):
    """Every page type with review dates whose review has passed or is close."""

    name = "review_due"
    order = 150
    template_name = "upkeep/admin/review_panel.html"

    def get_context_data(self, parent_context=None):
        return {"pages": pages_due(PANEL_DAYS), "today": timezone.localdate(), "warning_days": PANEL_DAYS}


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(ReviewPanel())


@hooks.register("register_admin_urls")
def register_link_report_urls():
    return [
        path("reports/broken-links/", LinkReportView.as_view(), name="link_report"),
        path(
            "reports/broken-links/results/",
            LinkReportView.as_view(results_only=True),
            name="link_report_results",
        ),
    ]


class LinkReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_link_report_menu_item():
    return LinkReportMenuItem(
        "Broken links", reverse("link_report"), name="broken-links", icon_name="link", order=1340
    )
