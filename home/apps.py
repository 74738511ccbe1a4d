from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site-wide content"

    def ready(self):
        from . import checks, security, signals  # noqa: F401
        from .notifications import use_queued_notifications

        use_queued_notifications()
        # After every migrate the roles match home.roles again, and Administrators hold every
        # permission, including those of models added since.
        post_migrate.connect(apply_roles_after_migrate, sender=self, dispatch_uid="home-apply-roles")
        # Languages added to the settings get their locale at the next migrate.
        post_migrate.connect(ensure_locales_after_migrate, sender=self, dispatch_uid="home-locales")


def apply_roles_after_migrate(sender, apps=None, **kwargs):
    # `flush` (and so a restore) sends post_migrate without the migration state's apps.
    from django.apps import apps as installed_apps

    from .roles import apply_roles

    apply_roles(apps or installed_apps)


def ensure_locales_after_migrate(sender, apps=None, **kwargs):
    from django.apps import apps as installed_apps

    from .languages import ensure_locales

    ensure_locales(apps or installed_apps)
