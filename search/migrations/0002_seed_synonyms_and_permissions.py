"""Seed the synonyms the issue names, and let editors and moderators manage synonyms and promotions
and see the search report."""

from django.db import migrations

SYNONYMS = [
    ("hate crime, hate incident", "Both are reported the same way, to Keystone or the police."),
    ("volunteer, volunteering", "SQLite matches whole words only, so word forms need listing."),
    ("refugee, asylum seeker", "People searching use either; our guidance uses both."),
]
GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    ("search", "synonymgroup", ["add_synonymgroup", "change_synonymgroup", "delete_synonymgroup"]),
    ("search", "zeroresultdailyhits", ["view_search_report"]),
    (
        "wagtailsearchpromotions",
        "searchpromotion",
        ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"],
    ),
]


def forwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms, note in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})

    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        for app_label, model, codenames in PERMISSIONS:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
