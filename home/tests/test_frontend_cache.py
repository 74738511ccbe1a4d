"""FRONTEND_CACHE_URL switches on Wagtail's frontend cache invalidation: publishing a page sends
the CDN or proxy in front a purge for its address. Checked against a real HTTP server here."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import frontend_cache_from_url
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        PurgeRecorder.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def caching_proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_publishing_a_page_purges_it_from_the_cache_in_front(caching_proxy, settings, home):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_url(caching_proxy)
    page = StandardPageFactory(parent=home, slug="about-the-hub", live=False)

    page.save_revision().publish()

    assert ("testserver", "/about-the-hub/") in PurgeRecorder.purged


def test_no_variable_means_no_purging_and_each_kind_of_cdn_is_understood(monkeypatch):
    assert frontend_cache_from_url("") == {}
    assert frontend_cache_from_url("cloudfront://E123")["default"]["DISTRIBUTION_ID"] == "E123"
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token")
    cloudflare = frontend_cache_from_url("cloudflare://zone1")["default"]
    assert (cloudflare["ZONEID"], cloudflare["BEARER_TOKEN"]) == ("zone1", "token")
    with pytest.raises(ImproperlyConfigured):
        frontend_cache_from_url("varnish:8000")
