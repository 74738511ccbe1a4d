"""Settings shared by every environment. Environment-specific files import from here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url):
    """Parse DATABASE_URL; SQLite gets WAL and a busy timeout so readers never block the writer."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    # How long a request waits for a lock another connection holds before it gives up and the
    # visitor is told to try again in a minute (home.middleware.DatabaseBusyMiddleware).
    lock_timeout = int(os.environ.get("DB_LOCK_TIMEOUT", "20"))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Connections are kept (DB_CONN_MAX_AGE) as for PostgreSQL: a new one per request re-ran
        # the PRAGMAs, re-read the schema and started with an empty page cache.
        config["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of deadlocking.
            "transaction_mode": "IMMEDIATE",
            "timeout": lock_timeout,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                f"PRAGMA busy_timeout={lock_timeout * 1000};"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={lock_timeout * 1000}"
    return config


def caches_from_url(url):
    """CACHES for CACHE_URL: Redis (redis:// or rediss://) that fails safe when Redis is down
    (home.cache), or None when no cache server is named."""
    if not url.startswith(("redis://", "rediss://")):
        return None
    timeout = float(os.environ.get("CACHE_TIMEOUT", "0.5"))
    return {
        alias: {
            "BACKEND": "home.cache.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": alias,
            # A Redis that is down or slow costs each request at most this, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
        for alias in ("default", "pages", "renditions")
    }


def frontend_cache_from_url(url):
    """WAGTAILFRONTENDCACHE for FRONTEND_CACHE_URL, so publishing purges the CDN or proxy in front:
    http(s)://host:port (Varnish, nginx or anything that takes PURGE requests),
    cloudfront://DISTRIBUTION_ID (AWS credentials from the usual AWS_* variables),
    cloudflare://ZONE_ID (with CLOUDFLARE_BEARER_TOKEN). Empty: no purging."""
    if not url:
        return {}
    scheme, _, rest = url.partition("://")
    if scheme in ("http", "https"):
        backend = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    elif scheme == "cloudfront":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": rest,
        }
    elif scheme == "cloudflare":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": rest,
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        }
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "FRONTEND_CACHE_URL must start http://, https://, cloudfront:// or cloudflare://"
        )
    return {"default": backend}


def s3_media_storages(bucket):
    """Uploads on S3 or an S3-compatible store when MEDIA_S3_BUCKET names a bucket (docs/deploy.md).
    Public media get plain URLs (the bucket policy opens images/ only); private media get a
    private ACL and no unsigned URL."""
    if not bucket:
        return {}
    common = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "default_acl": None,
                "querystring_auth": False,
                "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private-media",
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
    }


INSTALLED_APPS = [
    "home",
    "home.upkeep",
    "guidance",
    "events",
    "stories",
    "search",
    "wagtail.contrib.frontend_cache",
    "feedback",
    "alerts",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
]

# The security headers come before WhiteNoise so that static files carry them too.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.middleware.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.middleware.DatabaseBusyMiddleware",
    # A cached page is answered here, before the middleware below runs (see home.page_cache).
    "home.page_cache.PageCacheMiddleware",
    "home.page_cache.TextCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC guidance: length beats complexity rules.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin safety (see README "Admin safety"). django-axes counts failed sign-ins: a username is
# locked after 5 failures and an address after 20, for 15 minutes after the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "home.security.HubAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
LOGIN_FAILURE_LIMITS = {"username": 5, "ip_address": 20}
AXES_FAILURE_LIMIT = max(LOGIN_FAILURE_LIMITS.values())
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A guess made while locked out does not restart the 15 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "home.security.lockout_response"
# The same reading of the client address (and of trusted proxies) as the event form's limiter.
AXES_CLIENT_IP_CALLABLE = "events.spam.client_ip"
AXES_ENABLE_ADMIN = False  # Unlocking is a Wagtail admin view (Settings > Sign-in lock-outs).
# A second factor (TOTP, with recovery codes) is required of Administrators and Moderators;
# Editors may set one up, and must when this is on.
TWO_FACTOR_REQUIRED_FOR_EDITORS = env_bool("TWO_FACTOR_REQUIRED_FOR_EDITORS", False)
OTP_TOTP_ISSUER = "Bringing People Together"
# Sessions end when the browser closes, and after 8 hours in any case.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Languages (README "Languages"). English (UK) is the source; COMMUNITY_LANGUAGES lists the
# translations offered, by Django language code. English URLs have no prefix, the others
# /pl/, /ur/ and so on. Each language is named in its own script, from Django's LANG_INFO.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
COMMUNITY_LANGUAGES = env_list("COMMUNITY_LANGUAGES", "pl,ro,sk,pa,ur,ar")
# Django names Punjabi in English; CLDR's own name, in Gurmukhi, is what its readers look for.
EXTRA_LANG_INFO = {"pa": {"bidi": False, "code": "pa", "name": "Punjabi", "name_local": "ਪੰਜਾਬੀ"}}
LANG_INFO.update(EXTRA_LANG_INFO)
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en-gb", "English")] + [
    (code, LANG_INFO[code]["name"]) for code in COMMUNITY_LANGUAGES
]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Submitted images awaiting moderation: no public URL (events/storage.py).
    "private": {"BACKEND": "events.storage.PrivateSubmissionStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STORAGES.update(s3_media_storages(os.environ.get("MEDIA_S3_BUCKET", "")))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve uploads: on in development and tests, off in production unless a small
# single-server install has no web server in front.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Uploads larger than this are refused before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Bringing People Together <no-reply@derbyshire.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def shared_file_cache(name, max_entries):
    """A cache every web worker on this machine shares, with no server to run: purges reach all."""
    return {
        "BACKEND": "home.cache.UncompressedFileCache",
        "LOCATION": str(Path(os.environ.get("CACHE_DIR", BASE_DIR / ".cache")) / name),
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


# "pages": whole pages for anonymous visitors (home.page_cache). "renditions": Wagtail's image
# rendition lookups, kept out of the database so a page view never writes to it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": shared_file_cache("pages", 50_000),
    "renditions": shared_file_cache("renditions", 50_000),
}
# The whole-page cache for anonymous visitors; off only to debug.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)

# Two task backends. "default" runs Wagtail's own quick tasks (search and reference index
# updates) at once, so a published page is findable immediately. "background" is a real
# queue in the database for mail and slow work: a failure there never loses the request
# that caused it, and the worker (`manage.py db_worker --backend background`, started by
# `make run`) retries it.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]},
}
# A task still RUNNING after this many seconds lost its worker (killed, out of memory, a reboot):
# the worker checks on start and every TASK_RECOVERY_INTERVAL seconds, and queues it again.
TASK_STALE_SECONDS = int(os.environ.get("TASK_STALE_SECONDS", "600"))
TASK_RECOVERY_INTERVAL = int(os.environ.get("TASK_RECOVERY_INTERVAL", "60"))

# How long shared caches (a CDN or reverse proxy) may keep a page that is the same
# for every anonymous visitor. Pages with forms opt out: see home.models.BasePage.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))

# Seconds a visitor is asked to wait when the database stays locked past DB_LOCK_TIMEOUT (503 page).
DATABASE_BUSY_RETRY_AFTER = 60

# Public event submissions (events app): spam limits, mail retries and retention.
# Contact details are deleted this many days after the event ends or the submission is
# rejected (`manage.py purge_expired_submissions`); the privacy notice states 90.
SUBMISSION_RETENTION_DAYS = int(os.environ.get("SUBMISSION_RETENTION_DAYS", "90"))
SUBMISSION_RATE_LIMIT = int(os.environ.get("SUBMISSION_RATE_LIMIT", "5"))
SUBMISSION_RATE_LIMIT_WINDOW = int(os.environ.get("SUBMISSION_RATE_LIMIT_WINDOW", "600"))
SUBMISSION_MIN_FILL_SECONDS = 3
SUBMISSION_FORM_MAX_AGE = 24 * 60 * 60
# Bigger requests get the "too large" page; smaller oversized images get an inline error.
SUBMISSION_MAX_REQUEST_BYTES = 25 * 1024 * 1024
# Seconds before each retry of an email that failed to send (about a day in all).
SUBMISSION_EMAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
# Who is told of new submissions; empty means every user allowed to moderate them.
SUBMISSION_ALERT_EMAILS = env_list("SUBMISSION_ALERT_EMAILS")
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
SUBMISSION_TRUSTED_PROXY_COUNT = int(os.environ.get("SUBMISSION_TRUSTED_PROXY_COUNT", "0"))
# "Is this page useful?" answers allowed from one network per window (seconds), counted by
# the same shared limiter as event submissions.
FEEDBACK_RATE_LIMIT = int(os.environ.get("FEEDBACK_RATE_LIMIT", "20"))
FEEDBACK_RATE_LIMIT_WINDOW = int(os.environ.get("FEEDBACK_RATE_LIMIT_WINDOW", "600"))
# Submitted images wait here, outside MEDIA_ROOT, until approved; default: beside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", "")

# Security headers on every response (pages, errors, static, media, documents, feeds, admin).
# No inline script or style anywhere on the public site; see home.middleware for the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
ADMIN_URL_PREFIX = "/admin/"
# Wagtail's admin templates write inline scripts and styles without a nonce, preview pages in a
# same-origin frame, and show image previews from blob: URLs.
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
# Features the hub never uses are switched off for it and anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

WAGTAIL_SITE_NAME = "Bringing People Together"
# Purge the CDN or caching proxy in front when pages change (see docs/deploy.md).
WAGTAILFRONTENDCACHE = frontend_cache_from_url(os.environ.get("FRONTEND_CACHE_URL", ""))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Ranks inside the database (SQLite FTS5 bm25 with a LIMIT); see search/backends.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
# Count searches for the editors' report in a background thread, so a locked database never
# keeps a visitor waiting (search/hits.py). Tests record during the request.
SEARCH_RECORD_IN_BACKGROUND = True
# Documents only through Wagtail's view, which checks collection privacy; MEDIA_ROOT/documents/
# must never be served directly (home.views.serve_media refuses it; so must the web server).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from the admin: editors' email hashes are not sent to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# Shown on the 500 page, which renders without the database, and used until
# the editable site settings exist.
FALLBACK_CONTACT = {
    "organisation_name": "Derbyshire County Council",
    "phone": "01629 538254",
    "email": "policy@derbyshire.gov.uk",
    "report_line_name": "Keystone",
    "report_line_number": "0345 123 3333",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per background task is noise at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}

# Calendar import (events.importing): the fetcher's limits. Addresses must be public, on https.
CALENDAR_FETCH_TIMEOUT = 10
CALENDAR_FETCH_MAX_BYTES = 5 * 1024 * 1024
CALENDAR_FETCH_MAX_REDIRECTS = 3
# Addresses the fetcher may reach despite being local. Test settings only: never in production.
CALENDAR_FETCH_TEST_ADDRESSES = []
# Per source: at most this many VEVENTs in the file, and events (after repeats are expanded)
# in the import window (today to a year ahead); more fails the source with a clear error.
CALENDAR_IMPORT_MAX_COMPONENTS = 5000
CALENDAR_IMPORT_MAX_EVENTS = 1000
CALENDAR_IMPORT_WINDOW_DAYS = 365
CALENDAR_IMPORT_PARSE_SECONDS = 20
# "Add your calendar" requests allowed from one network per window (seconds).
CALENDAR_SOURCE_RATE_LIMIT = int(os.environ.get("CALENDAR_SOURCE_RATE_LIMIT", "5"))
CALENDAR_SOURCE_RATE_LIMIT_WINDOW = int(os.environ.get("CALENDAR_SOURCE_RATE_LIMIT_WINDOW", "3600"))
# Email alerts (alerts/): how long each kind of link works, and the send retries.
ALERT_TOKEN_MAX_AGE = {"confirm": 7 * 24 * 3600, "manage": 30 * 24 * 3600, "unsubscribe": 400 * 24 * 3600}
ALERT_EMAIL_RETRY_DELAYS = SUBMISSION_EMAIL_RETRY_DELAYS
ALERT_RATE_LIMIT = int(os.environ.get("ALERT_RATE_LIMIT", "10"))
ALERT_RATE_LIMIT_WINDOW = int(os.environ.get("ALERT_RATE_LIMIT_WINDOW", "600"))
