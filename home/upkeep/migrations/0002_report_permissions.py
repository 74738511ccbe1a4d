from django.db import migrations


def apply_roles(apps, schema_editor):
    # Editors and Moderators read the broken-link report: home/roles.py lists them with the rest of each role.
    from home.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("upkeep", "0001_review_reminders_and_link_results"),
        ("home", "0005_roles"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
