"""Records for content upkeep: which review reminders went out, and the latest link check."""

from django.db import models


class ReviewReminder(models.Model):
    """One page's reminder on one day: `manage.py review_reminders` sends at most one a day."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="The page due for review."
    )
    sent_on = models.DateField(help_text="The day the reminder was queued.")
    due_on = models.DateField(help_text="The page's next review date at the time.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "sent_on"], name="one_review_reminder_a_day")]

    def __str__(self):
        return f"Reminder for page {self.page_id} on {self.sent_on}"


class LinkProblem(models.TextChoices):
    DELETED_PAGE = "deleted_page", "Page deleted"
    UNPUBLISHED_PAGE = "unpublished_page", "Page not published"
    PRIVATE_PAGE = "private_page", "Page is private"
    MISSING_DOCUMENT = "missing_document", "Document missing"
    MISSING_IMAGE = "missing_image", "Image missing"
    EXTERNAL = "external", "External link (not checked)"


class LinkCheckResult(models.Model):
    """A link found by the last `manage.py check_links` run: a broken internal one, or an external one.

    Each run replaces every row, so the report always shows the latest check."""

    source_content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Type of the source.",
    )
    source_id = models.CharField(
        max_length=255, help_text="Primary key of the page or snippet with the link."
    )
    source_title = models.CharField(max_length=255, help_text="Title of the page or snippet with the link.")
    source_edit_url = models.CharField(max_length=500, blank=True, help_text="Where to fix it in the admin.")
    field = models.CharField(max_length=255, help_text="The field (and block) the link is in.")
    problem = models.CharField(max_length=30, choices=LinkProblem.choices, help_text="What is wrong.")
    target = models.CharField(max_length=1000, help_text="What the link points at: a page, file or address.")
    checked_at = models.DateTimeField(help_text="When the check ran.")

    class Meta:
        ordering = ["source_title", "field"]
        indexes = [models.Index(fields=["problem"])]

    def __str__(self):
        return f"{self.source_title}: {self.get_problem_display()} ({self.target})"

    @property
    def is_broken(self):
        return self.problem != LinkProblem.EXTERNAL
