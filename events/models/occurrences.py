"""An event's dates, one row each: rebuilt from the page's schedule whenever the live version is
saved, so "upcoming" and "past" are plain queries."""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from .. import schedule


class Unindexed(models.Func):
    """A column SQLite will not search an index for (its unary plus), so that a query ordered by
    start with a LIMIT walks the (start, end) index and stops after a page of rows, instead of
    reading every later occurrence by the (end, start) index and sorting them all. Other databases
    plan from statistics and get the plain column."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


class OccurrenceQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Not yet over (an event on now is still upcoming), soonest first."""
        ends = Unindexed("end", output_field=models.DateTimeField())
        return (
            self.alias(upcoming_end=ends)
            .filter(upcoming_end__gt=now or timezone.now())
            .order_by("start", "event_id")
        )

    def past(self, now=None):
        return self.filter(end__lte=now or timezone.now()).order_by("-start", "event_id")

    def between(self, start, end):
        """Occurrences that overlap the instants [start, end)."""
        return self.filter(start__lt=end, end__gt=start)


class EventOccurrence(models.Model):
    """One date of an event, kept in step with the page by EventPage.sync_occurrences."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    is_cancelled = models.BooleanField(default=False)
    cancellation_reason = models.CharField(max_length=200, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        # (start, end): upcoming() walks it in start order and skips past dates inside the index.
        indexes = [models.Index(fields=["end", "start"]), models.Index(fields=["start", "end"])]
        constraints = [models.UniqueConstraint(fields=["event", "start"], name="unique_event_occurrence")]

    def __str__(self):
        return f"{self.event_id} at {self.start:%Y-%m-%d %H:%M}"

    @cached_property
    def span(self):
        return schedule.Span(self.start, self.end, self.all_day)
