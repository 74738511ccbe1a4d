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
_COMMON = [
    ("wagtailadmin", "access_admin"),
    ("events", "view_eventsubmission"),
    ("search", "view_search_report"),
    # The "Is this page useful?" reports and the broken-link report.
    ("feedback", "view_pagefeedback"),
    ("upkeep", "view_linkcheckresult"),
    # Start and edit translations of pages and snippets in wagtail-localize's editor.
    ("wagtail_localize", "submit_translation"),
]
MODEL_PERMISSIONS = {
    EDITORS: [*_COMMON, *_EDIT_SNIPPETS],
    MODERATORS: [
        *_COMMON,
        *_EDIT_SNIPPETS,
        *_DELETE_SNIPPETS,
        ("events", "moderate_eventsubmission"),
        ("events", "delete_eventsubmission"),
        # Mark feedback comments and link results as dealt with.
        ("feedback", "change_pagefeedback"),
        ("upkeep", "change_linkcheckresult"),
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
