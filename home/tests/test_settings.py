"""Settings: production reads the environment and refuses to start without a secret; SQLite is tuned."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import database_from_url

ROOT = Path(__file__).resolve().parents[2]
PRINT_PRODUCTION_SETTINGS = (
    "import config.settings.production as s; "
    "print(s.ALLOWED_HOSTS, s.DEBUG, s.CACHES['default']['BACKEND'], s.DATABASES['default']['ENGINE'])"
)


def import_production_settings(**environ):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", PRINT_PRODUCTION_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = import_production_settings(
        ALLOWED_HOSTS="hub.example.gov.uk", WAGTAILADMIN_BASE_URL="https://hub.example.gov.uk"
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_reads_hosts_database_and_cache_from_the_environment():
    result = import_production_settings(
        DJANGO_SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="hub.example.gov.uk,www.hub.example.gov.uk",
        WAGTAILADMIN_BASE_URL="https://hub.example.gov.uk",
        DATABASE_URL="postgres://hub:pw@db.internal:5432/hub",
        CACHE_URL="redis://cache.internal:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['hub.example.gov.uk',",
        "'www.hub.example.gov.uk']",
        "False",
        "django.core.cache.backends.redis.RedisCache",
        "django.db.backends.postgresql",
    ]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path, django_db_blocker):
    config = database_from_url(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    config.update(
        {"TIME_ZONE": None, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "CONN_HEALTH_CHECKS": False}
    )
    wrapper = DatabaseWrapper(config, alias="wal_check")
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
        wrapper.close()


def test_sqlite_reader_is_not_blocked_by_an_open_write_transaction(tmp_path, django_db_blocker):
    path = tmp_path / "hub.sqlite3"
    config = database_from_url(f"sqlite:///{path}")
    config.update(
        {"TIME_ZONE": None, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "CONN_HEALTH_CHECKS": False}
    )
    writer = DatabaseWrapper(config, alias="writer")
    with django_db_blocker.unblock():
        with writer.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x INTEGER)")
            cursor.execute("INSERT INTO t VALUES (1)")
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO t VALUES (2)")
            # A second connection reads the committed row while the write is still open.
            reader = sqlite3.connect(path, timeout=1)
            assert reader.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 1
            reader.close()
            cursor.execute("COMMIT")
        writer.close()


def run_with_production_settings(code, **environ):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production as s; " + code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_with_no_environment_production_serves_loopback_over_http_with_a_key_made_once(tmp_path):
    key_file = tmp_path / "secret-key"
    show = (
        "print(s.SECRET_KEY, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SERVE_MEDIA)"
    )
    first = run_with_production_settings(show, SECRET_KEY_FILE=str(key_file))
    assert first.returncode == 0, first.stderr
    key, *rest = first.stdout.split(" ", 1)
    assert len(key) >= 50 and key == key_file.read_text().strip()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert rest == ["['127.0.0.1', 'localhost', '[::1]'] False False True\n"]
    again = run_with_production_settings(show, SECRET_KEY_FILE=str(key_file))
    assert again.stdout.split()[0] == key


def test_plain_http_is_refused_for_any_address_but_loopback(tmp_path):
    result = run_with_production_settings(
        "", WAGTAILADMIN_BASE_URL="http://hub.example.gov.uk", DJANGO_SECRET_KEY="x" * 50
    )
    assert result.returncode != 0 and "plain http is allowed only on 127.0.0.1" in result.stderr


def test_a_public_address_needs_its_own_key_and_gets_https_hsts_and_its_host():
    show = "print(s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD)"
    result = run_with_production_settings(show, WAGTAILADMIN_BASE_URL="https://hub.example.gov.uk")
    assert "Set DJANGO_SECRET_KEY" in result.stderr
    result = run_with_production_settings(
        show, WAGTAILADMIN_BASE_URL="https://hub.example.gov.uk", DJANGO_SECRET_KEY="x" * 50
    )
    assert result.stdout.split() == ["['hub.example.gov.uk']", "True", "31536000", "True"]
    result = run_with_production_settings(
        show,
        WAGTAILADMIN_BASE_URL="https://hub.example.gov.uk",
        DJANGO_SECRET_KEY="x" * 50,
        SECURE_HSTS_PRELOAD="false",
    )
    assert result.stdout.split()[-1] == "False"


def test_production_logs_one_json_object_a_line_to_stdout(tmp_path):
    code = (
        "import logging.config, django.conf; logging.config.dictConfig(s.LOGGING); "
        "logging.getLogger('home').warning('disk nearly full')"
    )
    result = run_with_production_settings(code, SECRET_KEY_FILE=str(tmp_path / "key"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip())
    assert record["message"] == "disk nearly full"
    assert record["level"] == "WARNING" and record["logger"] == "home"


def test_sentry_starts_only_when_a_dsn_is_set(tmp_path):
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active(), s.SENTRY_DSN or '-')"
    off = run_with_production_settings(code, SECRET_KEY_FILE=str(tmp_path / "key"))
    assert off.stdout.split() == ["False", "-"]
    on = run_with_production_settings(
        code, SECRET_KEY_FILE=str(tmp_path / "key"), SENTRY_DSN="https://public@sentry.example.invalid/1"
    )
    assert on.stdout.split() == ["True", "https://public@sentry.example.invalid/1"]
