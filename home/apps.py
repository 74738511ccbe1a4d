from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site-wide content"

    def ready(self):
        from . import signals  # noqa: F401
