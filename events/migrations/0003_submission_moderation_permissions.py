"""Moderators may see, approve, reject and delete event submissions; Editors may see them."""

from django.db import migrations

PERMISSIONS = {
    "view_eventsubmission": "Can view event submission",
    "delete_eventsubmission": "Can delete event submission",
    "moderate_eventsubmission": "Can approve or reject event submissions",
}
GROUPS = {
    "Moderators": ["view_eventsubmission", "delete_eventsubmission", "moderate_eventsubmission"],
    "Editors": ["view_eventsubmission"],
}


def grant(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    content_type, _ = content_type_model.objects.get_or_create(app_label="events", model="eventsubmission")
    # Permissions are normally made after migrations run; make these now so groups can have them.
    permissions = {
        codename: permission_model.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    }
    for group_name, codenames in GROUPS.items():
        group = group_model.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    permissions = permission_model.objects.filter(
        content_type__app_label="events", codename__in=list(PERMISSIONS)
    )
    for group in group_model.objects.filter(name__in=list(GROUPS)):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_submissions"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
