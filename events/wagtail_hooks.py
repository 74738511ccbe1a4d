"""Admin registration for event categories, and moderation of public event submissions."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import re_path
from django.utils import timezone
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin

from home.models import Area
from home.sitemaps import SITEMAP_EXCLUSIONS_HOOK
from home.teasers import HOME_TEASER_HOOK

from .models import APPROVE_ACTION, RECEIVE_ACTION, REJECT_ACTION, EventCategory, EventPage, EventSubmission
from .models.submissions import PENDING_FIRST_ORDER
from .teasers import next_events_teaser
from .views import ApproveView, RejectView, SubmissionInspectView, SubmittedImageView


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


# ---------------------------------------------------------------------------
# Event submissions: moderation with wagtail-modeladmin (the only place it is used)
# ---------------------------------------------------------------------------


class SubmissionPermissionHelper(PermissionHelper):
    """Submissions come from the public form: nobody adds or edits them here. Approving and
    rejecting need the events.moderate_eventsubmission permission."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_moderate_obj(self, user, obj):
        return user.has_perm("events.moderate_eventsubmission")


class SubmissionButtonHelper(ButtonHelper):
    """Approve and reject first, for pending submissions and people allowed to decide."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = exclude or []
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        decisions = []
        if obj.is_pending and self.permission_helper.user_can_moderate_obj(self.request.user, obj):
            decisions = [
                {
                    "url": self.url_helper.get_action_url(action, quote(obj.pk)),
                    "label": label,
                    "classname": self.finalise_classname((classnames_add or []) + extra, classnames_exclude),
                    "title": f"{label} this event submission",
                }
                for action, label, extra in [("approve", "Approve", []), ("reject", "Reject", ["no"])]
                if action not in exclude
            ]
        return decisions + buttons


class AreaFilter(admin.SimpleListFilter):
    """The district; Django's own related-field filter needs django.contrib.admin, which we do not use."""

    title = "area"
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [
            (str(area.pk), area.name)
            for area in Area.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        ]

    def queryset(self, request, queryset):
        return queryset.filter(area_id=self.value()) if self.value() else queryset


class EventDateFilter(admin.SimpleListFilter):
    """When the event is, rather than Django's past-facing date ranges."""

    title = "event date"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("upcoming", "Upcoming"),
            ("7", "In the next 7 days"),
            ("30", "In the next 30 days"),
            ("past", "Past"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(last_ends_at__gt=now)
        if self.value() in ("7", "30"):
            return queryset.filter(start__gte=now, start__lt=now + timedelta(days=int(self.value())))
        if self.value() == "past":
            return queryset.filter(last_ends_at__lte=now)
        return queryset


class SubmissionMenuItem(ModelAdminMenuItem):
    """The menu link, with the number waiting as a badge."""

    def render_component(self, request):
        component = super().render_component(request)
        pending = EventSubmission.objects.pending().count()
        if pending:
            component.label = f"{self.label} ({pending})"
        return component


class EventSubmissionAdmin(ModelAdmin):
    model = EventSubmission
    # Short, so the pending count fits in the sidebar.
    menu_label = "Submissions"
    menu_icon = "form"
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    inspect_template_name = "events/admin/inspect_submission.html"
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SubmissionButtonHelper
    list_display = ["title", "organiser_name", "event_date", "area", "status_tag", "submitted_at"]
    list_filter = ["status", AreaFilter, EventDateFilter, "submitted_at"]
    search_fields = [
        "title",
        "organiser_name",
        "contact_name",
        "contact_email",
        "venue_name",
        "venue_postcode",
    ]
    list_per_page = 50

    def get_queryset(self, request):
        # Not super(): it orders before the annotation pending_first() orders by exists.
        return EventSubmission.objects.select_related("area").pending_first()

    def get_ordering(self, request):
        # The index view orders again; the same order as the queryset, not the model's newest-first.
        return list(PENDING_FIRST_ORDER)

    def get_menu_item(self, order=None):
        return SubmissionMenuItem(self, order or self.get_menu_order())

    @admin.display(description="Event date", ordering="start")
    def event_date(self, obj):
        return obj.when

    @admin.display(description="Status", ordering="status")
    def status_tag(self, obj):
        colours = {"pending": "w-status--primary", "approved": "w-status--live", "rejected": ""}
        return format_html(
            '<span class="w-status {}">{}</span>', colours[obj.status], obj.get_status_display()
        )

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        views = {"approve": self.approve_view, "reject": self.reject_view, "image": self.image_view}
        return urls + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                view,
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in views.items()
        )

    def approve_view(self, request, instance_pk):
        return ApproveView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def reject_view(self, request, instance_pk):
        return RejectView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def image_view(self, request, instance_pk):
        return SubmittedImageView.as_view(model_admin=self, instance_pk=instance_pk)(request)


submission_admin = EventSubmissionAdmin()
submission_admin.register_with_wagtail()


class PendingSubmissionsPanel(Component):
    """On the admin dashboard: how many submitted events wait for a decision, oldest first."""

    name = "pending_event_submissions"
    order = 90
    template_name = "events/admin/pending_submissions_panel.html"

    def get_context_data(self, parent_context=None):
        pending = EventSubmission.objects.pending().order_by("submitted_at", "pk")
        return {
            "count": pending.count(),
            "submissions": [
                (submission, submission_admin.url_helper.get_action_url("inspect", submission.pk))
                for submission in pending[:5]
            ],
            "index_url": submission_admin.url_helper.index_url + "?status__exact=pending",
        }


@hooks.register("construct_homepage_panels")
def add_pending_submissions_panel(request, panels):
    if submission_admin.permission_helper.user_can_list(request.user):
        panels.append(PendingSubmissionsPanel())


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    actions.register_action(RECEIVE_ACTION, "Receive event submission", "Received from the public form")
    actions.register_action(REJECT_ACTION, "Reject event submission", "Rejected, reason sent to submitter")

    @actions.register_action(APPROVE_ACTION)
    class ApproveFormatter(LogFormatter):
        label = "Approve event submission"

        def format_message(self, log_entry):
            if log_entry.data.get("published"):
                return "Approved: event page created and published"
            return "Approved: event page created as a draft"


hooks.register(HOME_TEASER_HOOK, next_events_teaser, order=10)


@hooks.register(SITEMAP_EXCLUSIONS_HOOK)
def archived_events():
    """Archived events still answer at their address, but are not offered to search engines."""
    return EventPage.objects.filter(archived_at__isnull=False).values("pk")
