# RenameField first, so no submission loses its organiser; then the shared details' themes and
# priority on submissions, and the page's fields as the mixin declares them.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_event_details_mixin"),
        ("guidance", "0005_action_examples_and_no_actions_line"),
        ("home", "0005_roles"),
    ]

    operations = [
        migrations.RenameField("eventsubmission", "group_name", "organiser_name"),
        migrations.RenameField("eventsubmission", "group_url", "organiser_url"),
        migrations.AddField(
            model_name="eventsubmission",
            name="priority",
            field=models.ForeignKey(
                blank=True,
                help_text="The action plan priority this event helps deliver, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)s_set",
                to="guidance.priority",
            ),
        ),
        migrations.AddField(
            model_name="eventsubmission",
            name="themes",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="The integration factors it serves.",
                related_name="%(class)s_set",
                to="home.theme",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="organiser_url",
            field=models.URLField(
                blank=True,
                help_text="The group's website or contact form. Never a bare email address: it would be harvested.",
                max_length=500,
                verbose_name="organiser website",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="priority",
            field=models.ForeignKey(
                blank=True,
                help_text="The action plan priority this event helps deliver, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)s_set",
                to="guidance.priority",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="themes",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="The integration factors it serves.",
                related_name="%(class)s_set",
                to="home.theme",
            ),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="organiser_name",
            field=models.CharField(help_text="The group or organisation running it.", max_length=200),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="organiser_url",
            field=models.URLField(
                blank=True,
                help_text="The group's website or contact form. Never a bare email address: it would be harvested.",
                max_length=500,
                verbose_name="organiser website",
            ),
        ),
    ]
