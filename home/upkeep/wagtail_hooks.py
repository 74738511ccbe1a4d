"""Admin: the dashboard panel of pages due for review, and the broken-link report."""

from django.utils import timezone

from wagtail import hooks
from wagtail.admin.ui.components import Component

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
