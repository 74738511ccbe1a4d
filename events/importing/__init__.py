"""Importing events from community groups' public calendars.

fetch: a fetcher safe to point at any address an editor types; parse: iCalendar to event
details; sync: create, update and cancel submissions and pages; run: the scheduled job."""


class SourceError(Exception):
    """A failure that fails one source; its message, in plain words, is shown to editors."""
