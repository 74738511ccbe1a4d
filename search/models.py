"""Editor-managed synonyms, and the record of searches that found nothing."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

SYNONYMS_CACHE_KEY = "search:synonym-groups"
EXPIRY_CACHE_KEY = "search:page-expiry-times"
TERM_SPLIT = re.compile(r"[,\n]+")
WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def term_words(term):
    """A term as the lower-case words search matches on: "Asylum-seeker" is ("asylum", "seeker")."""
    return tuple(word.lower() for word in WORDS.findall(term))


class SynonymGroup(models.Model):
    """Words and phrases that mean the same to the people searching, e.g. hate crime and hate incident.

    A search for any one of them also finds pages that use the others.
    """

    terms = models.TextField(
        help_text=(
            "Two or more words or phrases that should find the same pages, separated by commas or on "
            "separate lines, e.g. 'hate crime, hate incident'."
        )
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Optional: why these belong together, for other editors. Not shown on the site.",
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = "synonym group"
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(self.term_list)

    @property
    def term_list(self):
        return [" ".join(term_words(term)) for term in TERM_SPLIT.split(self.terms) if term_words(term)]

    def clean(self):
        if len(set(self.term_list)) < 2:
            raise ValidationError({"terms": "Enter at least two different words or phrases."})

    @classmethod
    def all_groups(cls):
        """[(term words, ...)] for every group, cached until an editor changes one."""
        groups = cache.get(SYNONYMS_CACHE_KEY)
        if groups is None:
            groups = [
                tuple(dict.fromkeys(term_words(term) for term in TERM_SPLIT.split(group) if term_words(term)))
                for group in cls.objects.values_list("terms", flat=True)
            ]
            cache.set(SYNONYMS_CACHE_KEY, groups, None)
        return groups


@receiver([post_save, post_delete], sender=SynonymGroup)
def _forget_cached_synonyms(**kwargs):
    cache.delete(SYNONYMS_CACHE_KEY)


@receiver([post_save, post_delete])
def _forget_expiry_times(sender, instance=None, **kwargs):
    """Any page saved may have gained or lost an expiry time: see search.results.expired_page_ids."""
    if isinstance(instance, Page):
        cache.delete(EXPIRY_CACHE_KEY)


class ZeroResultDailyHits(models.Model):
    """How many times a day a search found nothing. Wagtail's QueryDailyHits counts every search."""

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="zero_result_daily_hits")
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "searches with no results, per day"
        verbose_name_plural = "searches with no results, per day"
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="search_zero_result_per_day")]
        permissions = [("view_search_report", "Can see the report of what people search for")]

    def __str__(self):
        return f"{self.query} on {self.date}: {self.hits}"
