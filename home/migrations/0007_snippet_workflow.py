"""The workflow snippets (taxonomies, event categories, priorities) go through the Moderators
approval workflow; moderators may publish them. Re-runnable: home.roles.apply_roles."""

from django.db import migrations

from home.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_snippet_drafts_and_workflow"),
        ("events", "0009_snippet_drafts_and_workflow"),
        ("guidance", "0007_snippet_drafts_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
