"""The hub's roles: adapt Wagtail's stock Editors and Moderators groups and add Administrators.

Re-runnable and idempotent (home.roles.apply_roles only adds what is missing). To grant a new
model's permissions to a role, copy this shape: a RunPython that looks groups up by the names
in home.roles and adds permissions, depending on this migration."""

from django.db import migrations

from home.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_sent_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("events", "0003_submission_moderation_permissions"),
        ("guidance", "0003_plural_names"),
        ("search", "0002_seed_synonyms_and_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
