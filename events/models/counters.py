"""The counter behind the per-address submission limit (see events.spam)."""

from django.db import models


class SubmissionRateCounter(models.Model):
    """How many submissions one network address made in one time window. Incremented in a single
    INSERT ... ON CONFLICT statement, so every server worker shares one exact count."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
