from django.db import migrations


def apply_roles(apps, schema_editor):
    # Moderators manage calendar sources, Editors see them: home/roles.py lists them with the rest.
    from home.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_calendar_sources"),
        ("home", "0005_roles"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
