"""Admin: Reports > Email alerts (counts for Moderators; look-up and erasure for Administrators)."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_alert_admin_urls():
    return [
        path("reports/email-alerts/", admin_views.overview, name="alerts_admin"),
        path("reports/email-alerts/address/", admin_views.find_subscriber, name="alerts_admin_find"),
        path("reports/email-alerts/<int:pk>/erase/", admin_views.erase_subscriber, name="alerts_admin_erase"),
    ]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.COUNTS_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_alerts_menu_item():
    return AlertsMenuItem(
        "Email alerts", reverse("alerts_admin"), name="email-alerts", icon_name="mail", order=1340
    )
