"""Spam defences for the public event form, none of which calls a third-party service: a
honeypot field, a minimum time to fill the form in, and a per-address submission limit whose
counter every server worker shares.

The counter lives in the database (one atomic INSERT ... ON CONFLICT statement), or in the
cache when the cache is Redis, whose INCR is atomic. Django's local-memory cache is per
process, and its database cache reads then writes, so neither is used for counting.
"""

import contextlib
import hashlib
import hmac
import ipaddress
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import connections, router
from django.utils import timezone

from home.cache import CacheUnavailable
from home.forms import parse_whole_number

from .models.counters import SubmissionRateCounter

logger = logging.getLogger("events.submissions")

TOKEN_SALT = "events.submit-event-form"  # noqa: S105 (a signing namespace, not a secret)
ATOMIC_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
    "home.cache.FailSafeRedisCache",
)


# ---------------------------------------------------------------------------
# Who is asking
# ---------------------------------------------------------------------------


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the address the trusted proxies in front saw."""
    proxies = getattr(settings, "SUBMISSION_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def network_of(ip):
    """An IPv6 household gets a whole /64, so it is limited as one; IPv4 addresses as they are."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hashed(value):
    """A keyed hash, so counters never store a visitor's address."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:40]


# ---------------------------------------------------------------------------
# Timing token: when the form was served, signed so it cannot be forged
# ---------------------------------------------------------------------------


def issue_form_token(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=TOKEN_SALT)


def seconds_since_issued(token, now=None):
    """Seconds since the form was served; None if the token is missing, forged or too old."""
    try:
        issued = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(issued, int):
        return None
    age = (now if now is not None else time.time()) - issued
    return age if 0 <= age <= settings.SUBMISSION_FORM_MAX_AGE else None


# ---------------------------------------------------------------------------
# The shared counter
# ---------------------------------------------------------------------------


def increment_in_database(key, expires_at, connection=None):
    """Add one to the counter `key` and return the new count, in a single atomic statement."""
    if connection is None:
        connection = connections[router.db_for_write(SubmissionRateCounter)]
    quote = connection.ops.quote_name
    table, key_column, count, expires = (
        quote(name) for name in (SubmissionRateCounter._meta.db_table, "key", "count", "expires_at")
    )
    # PostgreSQL and SQLite (3.35+) both upsert and return the row in one statement.
    sql = (
        f"INSERT INTO {table} ({key_column}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key_column}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    value = connection.ops.adapt_datetimefield_value(expires_at)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, value])
        return cursor.fetchone()[0]


def increment_in_cache(key, timeout, cache=None):
    cache = cache or caches["default"]
    cache.add(key, 0, timeout)
    return cache.incr(key)


def uses_atomic_cache():
    store = getattr(settings, "SUBMISSION_RATE_LIMIT_STORE", "auto")
    if store in ("database", "cache"):
        return store == "cache"
    return settings.CACHES["default"]["BACKEND"] in ATOMIC_CACHE_BACKENDS


def rate_clock():
    """Seconds since the epoch for rate-limit windows (tests pin it)."""
    return time.time()


class RateLimit:
    """At most `limit` hits per `window` seconds from one network, counted in fixed windows."""

    def __init__(self, scope, limit, window):
        self.scope, self.limit, self.window = scope, limit, window

    def key_for(self, identity, now):
        bucket = int(now // self.window)
        return f"rl:{self.scope}:{hashed(identity)}:{bucket}"

    def hit(self, identity, now=None, connection=None):
        """Count one hit; True if it is within the limit."""
        now = now if now is not None else rate_clock()
        key = self.key_for(identity, now)
        seconds_left = self.window - (now % self.window)
        count = None
        if connection is None and uses_atomic_cache():
            # Redis is down: count in the database instead, so the limit still holds.
            with contextlib.suppress(CacheUnavailable):
                count = increment_in_cache(key, int(seconds_left) + 1)
        if count is None:
            expires_at = timezone.now() + timedelta(seconds=seconds_left)
            count = increment_in_database(key, expires_at, connection=connection)
        return count <= self.limit

    def retry_after(self, now=None):
        now = now if now is not None else rate_clock()
        return int(self.window - (now % self.window)) + 1


def submission_limit():
    return RateLimit(
        "event-submission", settings.SUBMISSION_RATE_LIMIT, settings.SUBMISSION_RATE_LIMIT_WINDOW
    )


def calendar_source_limit():
    return RateLimit(
        "calendar-source", settings.CALENDAR_SOURCE_RATE_LIMIT, settings.CALENDAR_SOURCE_RATE_LIMIT_WINDOW
    )


def purge_expired_counters(now=None):
    deleted, _ = SubmissionRateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


# ---------------------------------------------------------------------------
# Every check on one posted form, in order
# ---------------------------------------------------------------------------

ACCEPT = "accept"
TOO_LARGE = "too large"
ROBOT = "robot"
RETRY = "retry"
INVALID = "invalid"
RATE_LIMITED = "rate limited"


@dataclass(frozen=True)
class Verdict:
    outcome: str
    retry_after: int = 0


def screen(request, bind_form, limit=None):
    """Run the spam defences and the form's own checks on a POST; (Verdict, bound form or None).

    The size is checked before the body is read; the rate limit counts only valid forms, so a
    group correcting mistakes is not locked out. A stale or hurried form gets a message on the
    form (with its other errors); a filled-in honeypot gets a silent "received"."""
    ip = client_ip(request)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    # A length too long to parse, or not a number at all, is refused like one too large.
    length = parse_whole_number(declared)
    if length is None or length > settings.SUBMISSION_MAX_REQUEST_BYTES:
        logger.warning("Rejected event submission from %s: request of %r bytes is too large", ip, declared)
        return Verdict(TOO_LARGE), None

    form = bind_form()
    if request.POST.get("website", "").strip():
        logger.warning("Rejected event submission from %s: honeypot field filled in", ip)
        return Verdict(ROBOT), form

    age = seconds_since_issued(request.POST.get("form_token"))
    form_is_valid = form.is_valid()
    if age is None:
        logger.warning("Rejected event submission from %s: missing or expired form token", ip)
        form.add_error(None, "This form has expired. Check your answers and send the form again.")
        return Verdict(RETRY), form
    if age < settings.SUBMISSION_MIN_FILL_SECONDS:
        logger.warning(
            "Rejected event submission from %s: sent %.1f seconds after the form was served", ip, age
        )
        form.add_error(None, "This form was sent too quickly. Check your answers and send the form again.")
        return Verdict(RETRY), form
    if not form_is_valid:
        logger.info("Rejected event submission from %s: invalid %s", ip, ", ".join(sorted(form.errors)))
        return Verdict(INVALID), form

    limit = limit or submission_limit()
    if not limit.hit(network_of(ip)):
        logger.warning(
            "Rejected event submission from %s: more than %s in %ss", ip, limit.limit, limit.window
        )
        return Verdict(RATE_LIMITED, retry_after=limit.retry_after()), form
    return Verdict(ACCEPT), form
