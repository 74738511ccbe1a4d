"""Counting searches for the editors' report, off the request path.

Recording a search is a write; when the database is locked (a long publish, a backup), a write
waits up to DB_LOCK_TIMEOUT. The visitor should not wait for a statistic, so each search is
handed to one background thread per process, which records it when it can. A search that
cannot be recorded (queue full, database down) is logged and dropped: the search itself never
fails. SEARCH_RECORD_IN_BACKGROUND = False (the test settings) records during the request."""

import logging
import queue
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query

from .models import ZeroResultDailyHits

logger = logging.getLogger(__name__)

_pending = queue.Queue(maxsize=10_000)
_start_lock = threading.Lock()
_thread = None


def record(text, found, when=None):
    """Count one search made at `when` (default now). A failure here never fails the search."""
    when = when or timezone.now()
    try:
        with transaction.atomic():
            query = Query.get(text)
            query.add_hit(date=when.date())  # Wagtail's own report counts UTC days
            if not found:
                hits, _ = ZeroResultDailyHits.objects.get_or_create(
                    query=query, date=timezone.localdate(when)
                )
                ZeroResultDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + 1)
    except DatabaseError:
        logger.warning("Could not record the search %r", text, exc_info=True)


def record_later(text, found):
    """Count one search without making the visitor wait for the database."""
    if not settings.SEARCH_RECORD_IN_BACKGROUND:
        record(text, found)
        return
    _ensure_thread()
    try:
        _pending.put_nowait((text, found, timezone.now()))
    except queue.Full:
        logger.warning("Search %r not recorded: %s searches are waiting to be", text, _pending.qsize())


def flush(timeout):
    """Wait until every search handed over so far is recorded; False if that took over `timeout` s."""
    deadline = time.monotonic() + timeout
    while _pending.unfinished_tasks:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _ensure_thread():
    global _thread
    with _start_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_record_pending, name="search-hits", daemon=True)
            _thread.start()


def _record_pending():
    while True:
        text, found, when = _pending.get()
        try:
            record(text, found, when)
        finally:
            connection.close()
            _pending.task_done()
