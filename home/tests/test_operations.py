"""Running the hub: the health check, one public address for every absolute URL, and gunicorn."""

import gc
import runpy

import pytest

from django.conf import settings
from django.db import connection
from django.test import override_settings

from wagtail.models import Site

from events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_when_the_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_answers_503_and_no_detail_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("password authentication failed for user hub at db.internal")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}
    assert b"db.internal" not in response.content


def test_the_health_check_answers_503_when_the_cache_fails(client, monkeypatch):
    from django.core.cache import cache

    def broken_set(*args, **kwargs):
        raise ConnectionError("redis://:s3cret@cache.internal:6379")

    monkeypatch.setattr(cache, "set", broken_set)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "failing"
    assert b"s3cret" not in response.content


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8400")
def test_every_absolute_url_follows_the_public_address(seeded_site, client):
    """`make run PORT=8400`: sync_site_address moves the Site, and with it every absolute URL."""
    from django.core.management import call_command

    call_command("sync_site_address", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8400)

    host = {"HTTP_HOST": "127.0.0.1:8400"}
    events = EventIndexPage.objects.live().first()
    event = EventPage.objects.live().first()
    stories_feed = client.get("/stories/feed/", **host).content.decode()
    texts = {
        "canonical and Open Graph": client.get(event.url, **host).content.decode(),
        "sitemap": client.get("/sitemap.xml", **host).content.decode(),
        "stories feed": stories_feed,
        "events listing (webcal, Google)": client.get(events.url, **host).content.decode(),
        "event .ics": client.get(event.url + "calendar/", **host).content.decode(),
    }
    for label, text in texts.items():
        text = text.replace("%3A", ":").replace("%2F", "/")
        assert "//127.0.0.1:8400/" in text and "testserver" not in text, label
    assert "webcal://127.0.0.1:8400/" in texts["events listing (webcal, Google)"]


def test_each_gunicorn_worker_freezes_what_it_loaded_at_start_up():
    """Gunicorn reads the hook from the config file `make run` uses, and the hook takes the start-up
    objects out of the garbage collector's full collections (a p95 spike otherwise: see the hook)."""
    from gunicorn.config import Config

    config = Config()
    # As gunicorn's Application.load_config_from_file does: each setting it knows, validated.
    for name, value in runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    gc.unfreeze()
    try:
        config.post_worker_init(None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
