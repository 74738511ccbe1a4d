"""Settings for pytest: fast hashing, in-memory mail, plain static files.

DATABASE_URL chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Static files come straight from the finders; nothing is collected outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
SEARCH_RECORD_IN_BACKGROUND = False
# Per-process caches (safe under xdist); the page cache is switched on by the tests that cover it.
# The Redis pass (`make test-redis`, scripts/with-redis.sh) sets CACHE_URL.
CACHES = caches_from_url(os.environ.get("CACHE_URL", "")) or {  # noqa: F405
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "pages", "renditions")
}
PAGE_CACHE_ENABLED = False
# A real task worker started by a test (testing/processes.py) sends to that test's SMTP server.
if os.environ.get("TEST_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT = "127.0.0.1", int(os.environ["TEST_SMTP_PORT"]), 60
# Calendar import tests fetch from a local http.server; production leaves this empty.
CALENDAR_FETCH_TEST_ADDRESSES = ["127.0.0.1"]
