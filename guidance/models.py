"""Guidance notes, the strategy and charter, and the action plan's priorities."""

from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Priority(TranslatableMixin, index.Indexed, ClusterableModel):
    """A numbered priority of the action plan. Guidance, stories and events point at these."""

    number = models.PositiveSmallIntegerField(help_text="Its number in the action plan, e.g. 4.")
    title = models.CharField(
        max_length=255, help_text="The priority as the charter words it, e.g. 'Monitor and assess…'."
    )
    slug = models.SlugField(max_length=100, help_text="Used in web addresses and filters.")
    description = models.TextField(blank=True, help_text="What this priority means, in a few sentences.")
    themes = ParentalManyToManyField(
        "home.Theme", blank=True, related_name="priorities", help_text="The integration factors it serves."
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("themes"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["number"]
        verbose_name_plural = "priorities"
        unique_together = [("translation_key", "locale"), ("number", "locale"), ("slug", "locale")]

    def __str__(self):
        return f"{self.number}. {self.title}"
