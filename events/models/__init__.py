"""The events app's models, one module per part: what an event is (details), its pages, its
dated occurrences, and public submissions. Everything is re-exported here."""

from .calendar_page import AddCalendarPage
from .counters import SubmissionRateCounter
from .details import (
    INCLUSION_FEATURES,
    INCLUSION_FIELDS,
    UK_POSTCODE,
    EventCategory,
    EventDetails,
    normalise_postcode,
)
from .occurrences import EventOccurrence, OccurrenceQuerySet
from .pages import (
    CALENDAR_HISTORY,
    FEED_ITEMS,
    PER_PAGE,
    RESERVED_SLUGS,
    EventCancellation,
    EventIndexPage,
    EventPage,
    EventPageForm,
    EventPageQuerySet,
    event_image_prefetch,
    group_by_day,
    ics_response,
    next_events,
    tidy_query_redirect,
)
from .sources import CalendarSource, ImportedEvent
from .submissions import (
    APPROVE_ACTION,
    RECEIVE_ACTION,
    REJECT_ACTION,
    EventSubmission,
    EventSubmissionQuerySet,
    submission_image_storage,
)
from .submit_page import SubmitEventPage

__all__ = [
    "AddCalendarPage",
    "CALENDAR_HISTORY",
    "FEED_ITEMS",
    "INCLUSION_FEATURES",
    "INCLUSION_FIELDS",
    "PER_PAGE",
    "RESERVED_SLUGS",
    "UK_POSTCODE",
    "APPROVE_ACTION",
    "RECEIVE_ACTION",
    "REJECT_ACTION",
    "CalendarSource",
    "EventCancellation",
    "EventCategory",
    "EventDetails",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventPageForm",
    "EventPageQuerySet",
    "EventSubmission",
    "EventSubmissionQuerySet",
    "ImportedEvent",
    "OccurrenceQuerySet",
    "SubmissionRateCounter",
    "SubmitEventPage",
    "event_image_prefetch",
    "group_by_day",
    "ics_response",
    "next_events",
    "normalise_postcode",
    "submission_image_storage",
    "tidy_query_redirect",
]
