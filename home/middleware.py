"""Middleware: the Content-Security-Policy on every response, with one relaxation for Wagtail's
admin; and a designed answer when the database stays locked, rather than a 500."""

import logging
from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

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


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, plus two things it cannot be told in settings:

    - Wagtail's admin writes inline scripts and styles (date pickers, inline panels) that carry
      no nonce, and shows previews in a same-origin frame, so under its prefix the directives in
      CONTENT_SECURITY_POLICY_ADMIN replace the public ones.
    - Wagtail serves documents and images with its own `default-src 'none'`; django-csp leaves
      an existing header alone, so the directives default-src does not cover are added to it.

    A response that asks nothing of its own (no nonce, no per-view policy) gets a header that
    depends only on the settings and whether it is the admin's: it is built once, not per
    request, as building it cost a cached page more than reading the page itself.
    """

    PER_RESPONSE_POLICY = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self.fixed_policies = {}

    def fixed_policy(self, request, response):
        """The header for a response with no policy of its own; None when it has one."""
        if (
            getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or any(hasattr(response, name) for name in self.PER_RESPONSE_POLICY)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            or settings.DEBUG
        ):
            return None
        admin = request.path_info.startswith(settings.ADMIN_URL_PREFIX)
        # Keyed by the settings objects too, so a changed setting (a test's override) is read afresh.
        key = (admin, id(settings.CONTENT_SECURITY_POLICY), id(settings.CONTENT_SECURITY_POLICY_ADMIN))
        if key not in self.fixed_policies:
            self.fixed_policies[key] = build_policy(**asdict(self.get_policy_parts(request, response)))
        return self.fixed_policies[key]

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        existing = response.get(HEADER)
        if existing is not None:
            missing = [
                f"{directive} 'none'"
                for directive in ("base-uri", "frame-ancestors")
                if directive not in existing
            ]
            if missing:
                response[HEADER] = "; ".join([existing, *missing])
        policy = self.fixed_policy(request, response)
        if policy is None:
            return super().process_response(request, response)
        response[HEADER] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
