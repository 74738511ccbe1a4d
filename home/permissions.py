"""Granting model permissions to Wagtail's stock groups from data migrations.

Django creates a new model's permissions only after every migration has run, so a migration
that grants them creates them first. Groups are found by name and created when missing, so
running it again changes nothing."""

ACTION_NAMES = {"add": "Can add", "change": "Can change", "delete": "Can delete", "view": "Can view"}


def grant(apps, group_name, app_label, model_name, actions):
    """Give `group_name` the `actions` (e.g. ["view", "change"]) on app_label.model_name."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model._meta.model_name)
    group, _ = Group.objects.get_or_create(name=group_name)
    for action in actions:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model._meta.model_name}",
            defaults={"name": f"{ACTION_NAMES[action]} {model._meta.verbose_name_raw}"},
        )
        group.permissions.add(permission)


def revoke(apps, group_name, app_label, model_name, actions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is None:
        return
    codenames = [f"{action}_{model_name.lower()}" for action in actions]
    group.permissions.remove(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
