from django.db import migrations


def apply_roles(apps, schema_editor):
    # Editors read the feedback reports; Moderators also mark comments as dealt with: home/roles.py lists them with the rest of each role.
    from home.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_page_feedback"),
        ("home", "0005_roles"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
