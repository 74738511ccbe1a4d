from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    """Content upkeep: review reminders and the broken-link report (its own migrations, inside home)."""

    name = "home.upkeep"
    label = "upkeep"
    verbose_name = "Content upkeep"
