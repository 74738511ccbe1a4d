from django.db import migrations

from home.permissions import grant, revoke

# Editors read the broken-link report; moderators too (with change, as for feedback).
GRANTS = [("Editors", ["view"]), ("Moderators", ["view", "change"])]


def grant_permissions(apps, schema_editor):
    for group, actions in GRANTS:
        grant(apps, group, "upkeep", "LinkCheckResult", actions)


def revoke_permissions(apps, schema_editor):
    for group, actions in GRANTS:
        revoke(apps, group, "upkeep", "LinkCheckResult", actions)


class Migration(migrations.Migration):
    dependencies = [
        ("upkeep", "0001_review_reminders_and_link_results"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Wagtail creates its stock groups here; find them rather than race to create them.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
