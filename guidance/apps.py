from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance, strategy and action plan"

    def ready(self):
        from . import signals  # noqa: F401
