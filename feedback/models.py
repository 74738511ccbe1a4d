"""Answers to "Is this page useful?": yes or no, and what a reader was looking for after "no".

Nothing here identifies a reader: no address, no session, and comments are masked for
email addresses and phone numbers before they are saved (see feedback.masking)."""

import math
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

COMMENT_MAX_LENGTH = 500


class PageFeedbackQuerySet(models.QuerySet):
    def since(self, days):
        return self.filter(created_at__gte=timezone.now() - timedelta(days=days))

    def with_comments(self):
        return self.exclude(comment="")

    def open(self):
        return self.with_comments().filter(dealt_with=False)

    def counts(self, days):
        """{'yes': n, 'no': n, 'ratio': share of yes in % or None} over the last `days` days."""
        totals = self.since(days).aggregate(
            yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False))
        )
        answered = totals["yes"] + totals["no"]
        # Half up, as the database's ROUND does for the per-page figures in the report.
        totals["ratio"] = math.floor(100 * totals["yes"] / answered + 0.5) if answered else None
        return totals


class PageFeedback(models.Model):
    """One reader's answer about one page."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="feedback",
        help_text="The page the reader answered about.",
    )
    useful = models.BooleanField(help_text="Whether the reader found the page useful.")
    comment = models.TextField(
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="What the reader was looking for, with email addresses and phone numbers removed.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True, help_text="When it was sent.")
    dealt_with = models.BooleanField(default=False, help_text="A moderator has acted on the comment.")
    dealt_with_at = models.DateTimeField(null=True, blank=True, help_text="When it was marked as dealt with.")
    dealt_with_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who marked it as dealt with.",
    )

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return f"{'Yes' if self.useful else 'No'} on page {self.page_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def mark_dealt_with(self, user):
        self.dealt_with, self.dealt_with_at, self.dealt_with_by = True, timezone.now(), user
        self.save(update_fields=["dealt_with", "dealt_with_at", "dealt_with_by"])
