"""Admin registration for the taxonomies (grouped under one menu item), the second-factor pages,
sign-in lock-outs and the audit log's own actions."""

from axes.models import AccessAttempt

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import security, two_factor
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


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/set-up/", two_factor.setup, name=two_factor.SETUP_URL_NAME),
        path("two-factor/verify/", two_factor.verify, name=two_factor.VERIFY_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse(two_factor.SETUP_URL_NAME),
        "label": "Second step for signing in",
        "help_text": "Set up an authenticator app, or make new recovery codes.",
    }


@hooks.register("register_log_actions")
def register_security_log_actions(actions):
    actions.register_action(security.LOGIN_ACTION, "Sign in", "Signed in")
    actions.register_action(security.LOGOUT_ACTION, "Sign out", "Signed out")
    actions.register_action(security.LOGIN_FAILED_ACTION, "Failed sign-in", "Failed sign-in")
    actions.register_action(security.LOCKED_OUT_ACTION, "Sign-in lock-out", "Sign-in locked out")
    actions.register_action(security.ROLES_CHANGED_ACTION, "Change roles", "Roles changed")
    actions.register_action(security.TWO_FACTOR_SET_UP_ACTION, "Set up second factor", "Second factor set up")


class UnlockOnlyPolicy(ModelPermissionPolicy):
    """Lock-out records are made by django-axes alone: they can be seen and deleted, not edited."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)


class LockoutViewSet(ModelViewSet):
    """Sign-in lock-outs: administrators unlock someone by deleting their record."""

    model = AccessAttempt
    icon = "lock"
    menu_label = "Sign-in lock-outs"
    add_to_settings_menu = True
    form_fields = ["username"]
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    inspect_view_enabled = True


# Only those with axes' permissions (Administrators) see the menu item.
register_permission_policy(AccessAttempt, UnlockOnlyPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")


class OutOfDateTranslationsPanel(Component):
    """Translations whose English source changed since: editors sync and update them."""

    name = "out_of_date_translations"
    order = 160
    template_name = "home/admin/out_of_date_translations_panel.html"

    def get_context_data(self, parent_context=None):
        from .languages import out_of_date_translations

        pages = out_of_date_translations().select_related("locale").order_by("-source_published_at")
        return {"pages": pages[:PANEL_ROWS], "total": pages.count()}


PANEL_ROWS = 20


@hooks.register("construct_homepage_panels")
def add_out_of_date_translations_panel(request, panels):
    panels.append(OutOfDateTranslationsPanel())
