"""Roles (home.roles): who can do what, as one table; the groups' migration; the moderation
workflow on every page type (its emails: test_workflow_emails.py)."""

import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Workflow, WorkflowContentType
from wagtail.permissions import policy_registry

from events.factories import EventCategoryFactory
from events.filters import EventFilterForm
from events.forms import EventSubmissionForm
from guidance.factories import PriorityFactory
from guidance.models import priorities_search_text
from home.factories import AreaFactory, StandardPageFactory, ThemeFactory
from home.models import SiteSettings, Theme
from home.roles import (
    ADMINISTRATORS,
    EDITORS,
    MODERATORS,
    ROLE_NAMES,
    WORKFLOW_NAME,
    WORKFLOW_SNIPPETS,
    apply_roles,
)
from stories.models import StoryIndexPage
from testing.pages import one_page_per_type

pytestmark = pytest.mark.django_db


def perm(codename):
    return lambda user, page: user.has_perm(codename)


def page_can(method):
    return lambda user, page: getattr(page.permissions_for_user(user), method)()


def media_can(model, action):
    return lambda user, page: policy_registry.get_by_type(model).user_has_permission(user, action)


SNIPPETS = ["home.%s_area", "home.%s_theme", "home.%s_audience", "events.%s_eventcategory"]
SNIPPETS += ["guidance.%s_priority"]


def snippets_can(verb):
    return lambda user, page: all(user.has_perm(codename % verb) for codename in SNIPPETS)


# What each role can (True) and cannot (False) do:       Editors, Moderators, Administrators
MATRIX = [
    ("use the admin", perm("wagtailadmin.access_admin"), True, True, True),
    ("create pages", page_can("can_add_subpage"), True, True, True),
    ("edit pages", page_can("can_edit"), True, True, True),
    ("submit pages for moderation", page_can("can_submit_for_moderation"), True, True, True),
    ("publish pages", page_can("can_publish"), False, True, True),
    ("unpublish pages", page_can("can_unpublish"), False, True, True),
    ("unlock pages others locked", page_can("can_unlock"), False, True, True),
    ("create and edit snippets", snippets_can("change"), True, True, True),
    ("add snippets", snippets_can("add"), True, True, True),
    ("delete snippets", snippets_can("delete"), False, True, True),
    ("publish snippets (else only through the workflow)", snippets_can("publish"), False, True, True),
    ("lock snippets", snippets_can("lock"), True, True, True),
    ("unlock snippets others locked", snippets_can("unlock"), False, True, True),
    ("edit synonyms and promoted results", perm("search.change_synonymgroup"), True, True, True),
    ("upload images", media_can(get_image_model(), "add"), True, True, True),
    ("delete images", media_can(get_image_model(), "delete"), True, True, True),
    ("upload documents", media_can(get_document_model(), "add"), True, True, True),
    ("delete documents", media_can(get_document_model(), "delete"), True, True, True),
    ("read event submissions", perm("events.view_eventsubmission"), True, True, True),
    ("approve or reject event submissions", perm("events.moderate_eventsubmission"), False, True, True),
    ("delete event submissions", perm("events.delete_eventsubmission"), False, True, True),
    ("read the search report", perm("search.view_search_report"), True, True, True),
    ("manage users", perm("auth.change_user"), False, False, True),
    ("change roles", perm("auth.change_group"), False, False, True),
    ("edit site settings", perm("home.change_sitesettings"), False, False, True),
    ("edit workflows", perm("wagtailcore.change_workflow"), False, False, True),
    ("unlock locked-out sign-ins", perm("axes.delete_accessattempt"), False, False, True),
    ("delete collections", perm("wagtailcore.delete_collection"), False, False, True),
]
ROLES = [EDITORS, MODERATORS, ADMINISTRATORS]
CASES = [
    pytest.param(role, check, row[2 + index], id=f"{role}-{'can' if row[2 + index] else 'cannot'}-{row[0]}")
    for row in MATRIX
    for index, role in enumerate(ROLES)
    for check in [row[1]]
]


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="A standard page")


@pytest.mark.parametrize(("role", "check", "allowed"), CASES)
def test_the_permission_matrix(role_user, page, role, check, allowed):
    assert check(role_user(role), page) is allowed


# Admin pages each role may (True) or may not (False) open.  Editors, Moderators, Administrators
ADMIN_PAGES = [
    ("wagtailadmin_explore_root", True, True, True),
    ("wagtailimages:index", True, True, True),
    ("wagtaildocs:index", True, True, True),
    ("wagtailsnippets_home_area:list", True, True, True),
    ("wagtailsnippets_guidance_priority:list", True, True, True),
    ("events_eventsubmission_modeladmin_index", True, True, True),
    ("search_report", True, True, True),
    ("wagtailusers_users:index", False, False, True),
    ("wagtailusers_groups:index", False, False, True),
    ("wagtailsettings:edit", False, False, True),
    ("wagtailadmin_workflows:index", False, False, True),
    ("lockouts:index", False, False, True),
]


@pytest.mark.parametrize(
    ("role", "url_name", "allowed"),
    [
        pytest.param(role, row[0], row[1 + index], id=f"{role}-{row[0]}")
        for row in ADMIN_PAGES
        for index, role in enumerate(ROLES)
    ],
)
def test_each_role_opens_only_its_admin_pages(client, signed_in, role_user, role, url_name, allowed):
    signed_in(role_user(role))
    args = ["home", "sitesettings", SiteSettings.load().pk] if url_name == "wagtailsettings:edit" else []
    response = client.get(reverse(url_name, args=args))
    assert (response.status_code == 200) is allowed, response.status_code


def test_an_editor_cannot_approve_a_submission_but_a_moderator_can(client, signed_in, role_user):
    from events.factories import EventSubmissionFactory
    from events.wagtail_hooks import submission_admin

    submission = EventSubmissionFactory()
    approve = submission_admin.url_helper.get_action_url("approve", submission.pk)
    signed_in(role_user(EDITORS))
    assert client.get(approve).status_code == 403
    signed_in(role_user(MODERATORS))
    assert client.get(approve).status_code == 200


# --- The groups' migration --------------------------------------------------------------


def snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("pk", flat=True)),
            sorted(GroupPagePermission.objects.filter(group=group).values_list("permission_id", "page_id")),
        )
        for group in Group.objects.filter(name__in=ROLE_NAMES)
    }


def test_the_roles_are_wagtails_stock_groups_adapted_and_re_running_changes_nothing():
    # One of each, no look-alikes; Editors and Moderators keep Wagtail's own group rows.
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLE_NAMES)
    before = snapshot()
    apply_roles(apps)
    assert snapshot() == before


def test_re_running_restores_a_permission_removed_by_hand():
    moderators = Group.objects.get(name=MODERATORS)
    GroupPagePermission.objects.filter(group=moderators, permission__codename="publish_page").delete()
    apply_roles(apps)
    assert GroupPagePermission.objects.filter(group=moderators, permission__codename="publish_page").exists()


# --- The moderation workflow ------------------------------------------------------------


def test_the_moderators_approval_workflow_covers_every_page_type(seeded_site):
    workflow = Workflow.objects.get(name="Moderators approval")
    assert workflow.active
    task = workflow.workflow_tasks.get().task.specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]
    for model, page in one_page_per_type().items():
        assert page.get_workflow() == workflow, model.__name__


def test_an_editor_cannot_approve_their_own_submission(client, signed_in, role_user, page):
    editor = role_user(EDITORS)
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    signed_in(editor)
    task_state = workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(approve, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS


# --- Snippets in the workflow -----------------------------------------------------------


@pytest.mark.parametrize(("app_label", "model_name"), WORKFLOW_SNIPPETS)
def test_each_workflow_snippet_type_goes_through_moderators_approval(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    assert model().get_workflow() == Workflow.objects.get(name=WORKFLOW_NAME)
    WorkflowContentType.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    apply_roles(apps)  # re-running the roles assigns it again
    assert model().get_workflow() == Workflow.objects.get(name=WORKFLOW_NAME)


def theme_form(name, **extra):
    return {
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "description": "",
        "sort_order": "0",
        **extra,
    }


def test_an_editor_cannot_publish_a_snippet_around_the_workflow_and_a_moderator_approves_it(
    client, signed_in, role_user
):
    signed_in(role_user(EDITORS))
    add = reverse("wagtailsnippets_home_theme:add")
    editor_page = client.get(add).content.decode()
    assert 'name="action-submit"' in editor_page and 'name="action-publish"' not in editor_page
    # Asking to publish anyway saves a draft: nothing goes live.
    client.post(add, theme_form("Draft theme", **{"action-publish": "action-publish"}))
    theme = Theme.objects.get(slug="draft-theme")
    assert not theme.live and theme not in Theme.objects.live()
    # Submitted, it waits for a moderator; approved, it goes live.
    edit = reverse("wagtailsnippets_home_theme:edit", args=[theme.pk])
    client.post(edit, theme_form("Draft theme", **{"action-submit": "action-submit"}))
    theme.refresh_from_db()
    workflow_state = theme.current_workflow_state
    assert workflow_state is not None and not theme.live
    task_state = workflow_state.current_task_state
    assert list(task_state.task.specific.groups.values_list("name", flat=True)) == [MODERATORS]
    moderator = role_user(MODERATORS)
    signed_in(moderator)
    approve = reverse("wagtailsnippets_home_theme:workflow_action", args=[theme.pk, "approve", task_state.pk])
    client.post(approve, {"comment": ""})
    theme.refresh_from_db()
    assert theme.live and theme in Theme.objects.live()


def test_a_moderator_publishes_a_snippet_directly(client, signed_in, role_user):
    signed_in(role_user(MODERATORS))
    add = reverse("wagtailsnippets_home_theme:add")
    client.post(add, theme_form("Published theme", **{"action-publish": "action-publish"}))
    assert Theme.objects.get(slug="published-theme").live


def test_public_lists_and_filters_show_only_live_snippets():
    live = [
        AreaFactory(name="Live area"),
        ThemeFactory(name="Live theme"),
        EventCategoryFactory(name="Live kind"),
    ]
    drafts = [AreaFactory(name="Draft area", live=False), ThemeFactory(name="Draft theme", live=False)]
    drafts.append(EventCategoryFactory(name="Draft kind", live=False))
    live_priority = PriorityFactory(title="Live aim")
    PriorityFactory(title="Draft aim", live=False)
    with translation.override("en-gb"):
        filters = EventFilterForm()
        submission = EventSubmissionForm()
    offered = {
        *filters.fields["area"].queryset,
        *filters.fields["category"].queryset,
        *filters.fields["theme"].queryset,
        *submission.fields["area"].queryset,
        *submission.fields["category"].queryset,
    }
    assert set(live) <= offered and not set(drafts) & offered
    stories = StoryIndexPage(locale_id=live[0].locale_id)
    assert "Draft area" not in {area.name for area in stories.areas()}
    assert "Draft theme" not in {theme.name for theme in stories.themes()}
    text = priorities_search_text(live_priority.locale_id)
    assert "Live aim" in text and "Draft aim" not in text
