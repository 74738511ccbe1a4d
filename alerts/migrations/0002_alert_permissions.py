from django.db import migrations


def apply_roles(apps, schema_editor):
    # Moderators see the alert counts; Administrators get every permission: home/roles.py lists them.
    from home.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_subscriptions"),
        ("home", "0005_roles"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
