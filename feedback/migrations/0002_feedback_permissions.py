from django.db import migrations

from home.permissions import grant, revoke

# Editors read the feedback reports; moderators also mark comments as dealt with.
GRANTS = [("Editors", ["view"]), ("Moderators", ["view", "change"])]


def grant_permissions(apps, schema_editor):
    for group, actions in GRANTS:
        grant(apps, group, "feedback", "PageFeedback", actions)


def revoke_permissions(apps, schema_editor):
    for group, actions in GRANTS:
        revoke(apps, group, "feedback", "PageFeedback", actions)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_page_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Wagtail creates its stock groups here; find them rather than race to create them.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
