"""The hub's three roles, in one place: the data migration, the 2FA rule and the tests all read it.

Editors and Moderators are Wagtail's own stock groups, adapted; Administrators is added.
A later app adds its models to the lists below and gives itself a data migration that calls
apply_roles (as feedback/ and home/upkeep/ do). Every `migrate` applies the roles again, and
Administrators get every permission there is.
"""

EDITORS = "Editors"
MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"
ROLE_NAMES = [EDITORS, MODERATORS, ADMINISTRATORS]
# Roles that must use a second factor; Editors too when TWO_FACTOR_REQUIRED_FOR_EDITORS is on.
TWO_FACTOR_ROLES = {MODERATORS, ADMINISTRATORS}

# Page permissions, set on the root of the tree so they cover every site.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    MODERATORS: ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}

# Image and document permissions, set on the root collection (as Wagtail's stock groups have them:
# editors may delete media too; the admin shows where an image or document is used first).
_MEDIA = [
    *[f"{verb}_image" for verb in ("add", "change", "choose", "delete")],
    *[f"{verb}_document" for verb in ("add", "change", "choose", "delete")],
]
COLLECTION_PERMISSIONS = {
    EDITORS: _MEDIA,
    MODERATORS: _MEDIA,
    ADMINISTRATORS: [
        *_MEDIA,
        "add_collection",
        "change_collection",
        "delete_collection",
    ],
}

# Model permissions as (app_label, codename). Snippets: the taxonomies, event categories,
# action plan priorities and search synonyms.
_SNIPPETS = [
    ("home", "area"),
    ("home", "theme"),
    ("home", "audience"),
    ("events", "eventcategory"),
    ("guidance", "priority"),
    ("search", "synonymgroup"),
    ("wagtailsearchpromotions", "searchpromotion"),
]
_EDIT_SNIPPETS = [(app, f"{verb}_{model}") for app, model in _SNIPPETS for verb in ("add", "change")]
_DELETE_SNIPPETS = [(app, f"delete_{model}") for app, model in _SNIPPETS]

# Snippets that go through the pages' workflow (home.models.ModeratedSnippet): editors save
# drafts and submit them; only moderators (and administrators) publish.
WORKFLOW_NAME = "Moderators approval"
WORKFLOW_SNIPPETS = [
    ("home", "area"),
    ("home", "theme"),
    ("home", "audience"),
    ("events", "eventcategory"),
    ("guidance", "priority"),
]
# The permissions Wagtail adds to draft-state and lockable snippets after migrate; made here too,
# so that the groups can hold them on the first migrate.
_SNIPPET_EXTRA_VERBS = ("publish", "lock", "unlock")
_LOCK_SNIPPETS = [(app, f"lock_{model}") for app, model in WORKFLOW_SNIPPETS]
_PUBLISH_SNIPPETS = [
    (app, f"{verb}_{model}") for app, model in WORKFLOW_SNIPPETS for verb in ("publish", "unlock")
]
_COMMON = [
    ("wagtailadmin", "access_admin"),
    ("events", "view_eventsubmission"),
    ("events", "view_calendarsource"),
    ("search", "view_search_report"),
    # The "Is this page useful?" reports and the broken-link report.
    ("feedback", "view_pagefeedback"),
    ("upkeep", "view_linkcheckresult"),
    # Start and edit translations of pages and snippets in wagtail-localize's editor.
    ("wagtail_localize", "submit_translation"),
]
MODEL_PERMISSIONS = {
    EDITORS: [*_COMMON, *_EDIT_SNIPPETS, *_LOCK_SNIPPETS],
    MODERATORS: [
        *_COMMON,
        *_EDIT_SNIPPETS,
        *_LOCK_SNIPPETS,
        *_DELETE_SNIPPETS,
        *_PUBLISH_SNIPPETS,
        ("events", "moderate_eventsubmission"),
        ("events", "delete_eventsubmission"),
        # Register, approve, pause and remove the group calendars events are imported from.
        ("events", "add_calendarsource"),
        ("events", "change_calendarsource"),
        ("events", "delete_calendarsource"),
        # Mark feedback comments and link results as dealt with.
        ("feedback", "change_pagefeedback"),
        ("upkeep", "change_linkcheckresult"),
        # Email alerts: counts per kind and area, never addresses (erasure is for Administrators).
        ("alerts", "view_alert_counts"),
    ],
    # Administrators: every permission (users, groups, settings, workflows, reports...).
    ADMINISTRATORS: "__all__",
}


def apply_roles(apps):
    """Create or update the three groups; idempotent, and only ever adds permissions.

    `apps` is a migration's app registry or django.apps.apps."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Permissions are normally made after migrations run; make them now so groups can have them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    apply_snippet_workflow(apps)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in ROLE_NAMES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = MODEL_PERMISSIONS[name]
        if wanted == "__all__":
            group.permissions.add(*Permission.objects.all())
        else:
            for app_label, codename in wanted:
                group.permissions.add(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )
        if root_page is not None:
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS[name]
            ):
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        if root_collection is not None:
            for permission in Permission.objects.filter(codename__in=COLLECTION_PERMISSIONS[name]):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def apply_snippet_workflow(apps):
    """Give the workflow snippets their publish, lock and unlock permissions, and assign them the
    Moderators approval workflow (unless an administrator assigned another); idempotent."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    for app_label, model_name in WORKFLOW_SNIPPETS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # an earlier migration state, before the app's first migration
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        for verb in _SNIPPET_EXTRA_VERBS:
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{verb}_{model_name}",
                defaults={"name": f"Can {verb} {model._meta.verbose_name_raw}"},
            )
        if workflow is not None:
            WorkflowContentType.objects.get_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )


def role_names(user):
    """The hub roles a user holds; a superuser holds Administrators whatever their groups."""
    names = {group.name for group in user.groups.all() if group.name in ROLE_NAMES}
    if user.is_superuser:
        names.add(ADMINISTRATORS)
    return names


def needs_two_factor(user):
    """Whether the user must sign in with a second factor before using the admin."""
    from django.conf import settings

    roles = role_names(user)
    if roles & TWO_FACTOR_ROLES:
        return True
    return bool(settings.TWO_FACTOR_REQUIRED_FOR_EDITORS and user.has_perm("wagtailadmin.access_admin"))
