"""Answers for faults outside the app's control, in the hub's design rather than a 500."""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("home.faults")

# PostgreSQL: lock_not_available (lock_timeout passed), deadlock_detected.
LOCK_SQLSTATES = {"55P03", "40P01"}


def is_database_busy(error):
    """True for a database locked past its timeout (SQLite busy_timeout, PostgreSQL lock_timeout)."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in LOCK_SQLSTATES:
        return True
    # SQLite: "database is locked", or "database table is locked" with a shared cache.
    return "is locked" in str(error).lower()


def service_unavailable():
    """503 "try again in a minute", rendered without the database (it is what is busy)."""
    seconds = settings.DATABASE_BUSY_RETRY_AFTER
    body = loader.render_to_string(
        "503.html", {"is_error_page": True, "retry_minutes": max(1, seconds // 60)}
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response


class DatabaseBusyMiddleware:
    """A request that found the database locked for longer than its timeout gets a 503 page that
    says to try again in a minute, with Retry-After. Its transaction was rolled back, so nothing
    it was saving is half-saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        logger.warning(
            "Database busy: answered %s %s with 503 (%s)",
            request.method,
            request.path,
            exception,
            exc_info=exception,  # says which write was kept waiting
        )
        return service_unavailable()
