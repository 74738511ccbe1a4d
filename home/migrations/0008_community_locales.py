"""A Locale for every language in settings (English and COMMUNITY_LANGUAGES). Re-runnable: the
same function runs after every migrate (home.apps), so a language added to the settings gets
its locale at the next deploy."""

from django.db import migrations

from home.languages import ensure_locales


def forwards(apps, schema_editor):
    ensure_locales(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_snippet_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
