"""Production: everything comes from environment variables; see the README's table."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS, e.g. 'bringingpeopletogether.example.gov.uk'.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS is terminated by the proxy in front of the app.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

# A cache shared by every worker: Redis when CACHE_URL names it, else the database.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages", "renditions")
    }
else:
    # Pages and renditions stay in files shared by this machine's workers (see base.py).
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
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

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
if not WAGTAILADMIN_BASE_URL:
    raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL to the site's public address.")
