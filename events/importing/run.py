"""The scheduled import (home.scheduler JOBS): every approved source that is due, one at a time,
each on its own. A source that fails records why, in plain words, and the others go on."""

import logging

from django.utils import timezone

from ..models import CalendarSource
from . import SourceError
from .fetch import fetch
from .parse import parse
from .sync import sync_source

logger = logging.getLogger("events.importing")

UNEXPECTED = "something unexpected went wrong while importing; the server log has the details"


def import_source(source, now=None):
    """Fetch, parse and apply one source, recording its health; a one-line summary."""
    now = now or timezone.now()
    source.last_fetch_at = now
    try:
        fetched = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if fetched.not_modified:
            summary = "not changed since the last fetch"
        else:
            result = sync_source(source, parse(fetched.body, source.name, now), now)
            summary = str(result)
            source.last_notes = "\n".join(result.skipped)
            # Remembered only once the calendar is applied, so a failed import is tried in full again.
            source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    except SourceError as error:
        return record_failure(source, str(error))
    except Exception:
        logger.exception("Calendar import from source %s failed", source.pk)
        return record_failure(source, UNEXPECTED)
    source.last_success_at = now
    source.last_error = ""
    source.consecutive_failures = 0
    source.events_imported = source.imported_events.active().count()
    source.save()
    logger.info("Imported calendar %s (%s): %s", source.pk, source.name, summary)
    return summary


def record_failure(source, message):
    source.last_error = message[0].upper() + message[1:] if message else UNEXPECTED
    source.consecutive_failures += 1
    source.save()
    logger.warning("Calendar import from source %s (%s) failed: %s", source.pk, source.name, message)
    return f"failed: {message}"


def import_due_sources(now=None):
    """Import every approved source whose interval has passed; a summary line per source."""
    lines = []
    for source in CalendarSource.objects.due(now):
        lines.append(f"{source.name}: {import_source(source, now)}")
    return "\n".join(lines) or "no calendars due"
