"""Production: everything comes from environment variables; see the README's table.

With none set it serves the way `make run` does: plain http on the loopback address only, with a
secret key generated once into `.secret-key`. Any other public address needs HTTPS and its own key.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, LOGGING, caches_from_url, env_bool, env_list

DEBUG = False

# The one public address: the Wagtail Site, canonical links, feeds, calendars and emails follow it
# (`manage.py sync_site_address` keeps the Site record in step).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PUBLIC_ADDRESS = urlsplit(WAGTAILADMIN_BASE_URL)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
ON_LOOPBACK = PUBLIC_ADDRESS.hostname in LOOPBACK_HOSTS
if PUBLIC_ADDRESS.scheme != "https" and not ON_LOOPBACK:
    raise ImproperlyConfigured(
        f"WAGTAILADMIN_BASE_URL={WAGTAILADMIN_BASE_URL}: plain http is allowed only on 127.0.0.1/localhost."
    )


def local_secret_key(path):
    """A random key written once to a git-ignored file, for an install on loopback with no
    environment. Linked into place atomically, so processes starting together agree on it."""
    path = Path(path)
    if not path.exists():
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not ON_LOOPBACK:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without one.")
    SECRET_KEY = local_secret_key(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret-key"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (
    ["127.0.0.1", "localhost", "[::1]"] if ON_LOOPBACK else [PUBLIC_ADDRESS.hostname]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS is terminated by the proxy in front of the app. On loopback there is none, so no
# redirect, no HSTS and cookies that plain http can carry.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not ON_LOOPBACK)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if ON_LOOPBACK else "31536000"))
# The hub has a host name of its own, so its subdomains (if any) are its own too; preloading
# takes effect only once the domain is submitted to hstspreload.org.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not ON_LOOPBACK)
# On loopback nothing stands in front of the app to serve uploads.
SERVE_MEDIA = env_bool("SERVE_MEDIA", ON_LOOPBACK)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

# A cache shared by every worker: Redis when CACHE_URL names it (every alias, failing safe when
# Redis is down); else the database for the default cache, and pages and renditions in files shared
# by this machine's workers (see base.py).
CACHES = caches_from_url(os.environ.get("CACHE_URL", "")) or {
    **CACHES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
}

# Search: the database (default; see search/README.md), or Elasticsearch/OpenSearch for the largest
# installations. The client library is installed separately: it is not pinned because it cannot be
# tested here (e.g. `pip install "elasticsearch>=8,<9"` for elasticsearch8).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
SEARCH_ENGINES = {"elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"}
if SEARCH_BACKEND in SEARCH_ENGINES:
    if not env_list("SEARCH_URLS"):
        raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND} needs SEARCH_URLS (https://host:9200).")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": env_list("SEARCH_URLS"),
            "INDEX": os.environ.get("SEARCH_INDEX", "bringing-people-together"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
elif SEARCH_BACKEND != "database":
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be 'database' or one of {sorted(SEARCH_ENGINES)}.")

# Logs go to stdout as one JSON object a line, for the log collector; LOG_FORMAT=plain for people.
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING["formatters"]["json"] = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Error reports go to Sentry only when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# The calendar fetcher never reaches local addresses in production, whatever was set before.
CALENDAR_FETCH_TEST_ADDRESSES = []
