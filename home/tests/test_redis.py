"""Redis as the cache (CACHE_URL): used while it is up; when it goes down mid-run, pages are still
served (uncached), the submission rate limit keeps counting (in the database) and nothing is a 500.
Each test runs its own redis-server, so stopping it disturbs no other test."""

import threading

import pytest
import redis

from django.core.cache import cache

from config.settings.base import caches_from_url
from events import spam
from events.models import EventSubmission, SubmissionRateCounter
from events.tests.submissions.support import valid_data
from testing.redis import RedisServer

pytestmark = [pytest.mark.cache, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings, tmp_path):
    server = RedisServer(tmp_path)
    settings.CACHES = caches_from_url(server.url)
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    yield server
    server.stop()


def test_pages_and_the_rate_limit_use_redis_while_it_is_up(redis_cache, client, seeded_site):
    cache.set("probe", "in redis")
    assert redis.Redis.from_url(redis_cache.url).dbsize() >= 1
    assert client.get("/").status_code == 200

    limit = spam.RateLimit("redis-up", limit=1, window=600)
    assert [limit.hit("198.51.100.1"), limit.hit("198.51.100.1")] == [True, False]
    assert SubmissionRateCounter.objects.count() == 0  # counted in Redis


def test_two_workers_counting_in_redis_admit_exactly_the_limit(redis_cache):
    limit = spam.RateLimit("redis-race", limit=5, window=600)
    barrier, results = threading.Barrier(2), []

    def worker():
        barrier.wait()
        results.extend(limit.hit("203.0.113.7", now=1_800_000_000.0) for _ in range(10))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20 and results.count(True) == 5
    assert SubmissionRateCounter.objects.count() == 0


def test_with_redis_stopped_mid_run_pages_are_served_and_the_rate_limit_still_holds(
    redis_cache, client, seeded_site, settings
):
    from events.factories import EventCategoryFactory, SubmitEventPageFactory
    from events.models import EventIndexPage
    from home.factories import AreaFactory

    assert client.get("/").status_code == 200
    cache.set("probe", "in redis")
    submit_page = SubmitEventPageFactory(parent=EventIndexPage.objects.first(), slug="send-an-event")
    area, category = AreaFactory(slug="redis-area"), EventCategoryFactory(slug="redis-category")

    redis_cache.stop()

    assert cache.get("probe") is None  # a miss, not an error
    cache.set("probe", "nowhere")  # skipped, not an error
    for path in ["/", "/events/", "/search/?q=community", submit_page.url]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path

    settings.SUBMISSION_RATE_LIMIT = 1
    first = client.post(submit_page.url, valid_data(area, category))
    second = client.post(submit_page.url, valid_data(area, category, title="Another lunch"))
    assert first.status_code == 200 and EventSubmission.objects.filter(title="Community lunch").exists()
    assert second.status_code == 429  # the limit held, counted in the database
    assert SubmissionRateCounter.objects.count() == 1
