"""The per-address limit counts in one place every server worker shares, atomically: two
workers racing get exactly the limit between them, never more."""

import threading

import pytest

from django.db import connection
from django.db.utils import ConnectionHandler

from config.settings.base import database_from_url
from events import spam
from events.models import SubmissionRateCounter

pytestmark = pytest.mark.django_db

NOW = 1_800_000_000.0


def race(limit, connection_for_thread, workers=2, attempts=10):
    """`workers` threads, each with its own database connection, hit the same counter at once."""
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
            own_connection = connection_for_thread()
            barrier.wait()
            for _ in range(attempts):
                results.append(limit.hit("203.0.113.7", now=NOW, connection=own_connection))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            own_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_two_workers_on_a_shared_sqlite_file_admit_exactly_the_limit(tmp_path):
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{tmp_path / 'shared.sqlite3'}")})
    with handler["default"].schema_editor() as editor:
        editor.create_model(SubmissionRateCounter)
    handler["default"].close()

    results = race(spam.RateLimit("test", limit=5, window=600), lambda: handler["default"])

    assert len(results) == 20
    assert results.count(True) == 5
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT count FROM events_submissionratecounter")
        assert cursor.fetchone()[0] == 20
    handler.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite race is the test above")
def test_two_workers_on_postgresql_admit_exactly_the_limit():
    from django.db import connections

    results = race(spam.RateLimit("test", limit=5, window=600), lambda: connections["default"])
    assert results.count(True) == 5


@pytest.mark.cache
def test_the_limit_resets_in_the_next_window():
    limit = spam.RateLimit("test", limit=2, window=600)
    assert [limit.hit("198.51.100.1", now=NOW) for _ in range(3)] == [True, True, False]
    assert limit.hit("198.51.100.1", now=NOW + 600)
    assert limit.hit("198.51.100.2", now=NOW)


def test_counters_never_store_the_address():
    spam.RateLimit("test", limit=2, window=600).hit("198.51.100.1", now=NOW)
    key = SubmissionRateCounter.objects.get().key
    assert "198.51.100.1" not in key and key.startswith("rl:test:")


def test_an_ipv6_household_is_limited_as_one_network():
    assert spam.network_of("2001:db8:1:2:aaaa::1") == spam.network_of("2001:db8:1:2:bbbb::9")
    assert spam.network_of("2001:db8:1:3::1") != spam.network_of("2001:db8:1:2::1")
    assert spam.network_of("198.51.100.7") == "198.51.100.7"


def test_the_address_behind_trusted_proxies_is_used(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert spam.client_ip(request) == "10.0.0.2"
    settings.SUBMISSION_TRUSTED_PROXY_COUNT = 1
    # The left-most entry is whatever the client claimed; the proxy appended the real one.
    assert spam.client_ip(request) == "198.51.100.7"


def test_locmem_and_database_caches_are_not_trusted_to_count_but_redis_is(settings):
    assert not spam.uses_atomic_cache()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "x"}}
    assert not spam.uses_atomic_cache()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert spam.uses_atomic_cache()


@pytest.mark.cache
def test_with_an_atomic_cache_the_counter_lives_in_the_cache(settings):
    settings.SUBMISSION_RATE_LIMIT_STORE = "cache"
    limit = spam.RateLimit("cached", limit=1, window=600)
    assert [limit.hit("198.51.100.1", now=NOW) for _ in range(2)] == [True, False]
    assert SubmissionRateCounter.objects.count() == 0


def test_a_forged_or_expired_timing_token_is_worthless(settings):
    token = spam.issue_form_token(now=NOW)
    assert spam.seconds_since_issued(token, now=NOW + 10) == 10
    assert spam.seconds_since_issued(token[:-2] + "xx", now=NOW + 10) is None
    assert spam.seconds_since_issued("", now=NOW) is None
