"""A local HTTP server for calendar import tests, reached through the test-only
CALENDAR_FETCH_TEST_ADDRESSES setting (production checks are not weakened)."""

import contextlib
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from events.factories import EventIndexPageFactory
from events.models import CalendarSource

FIXTURES = Path(__file__).parent / "fixtures"
# The fixtures' dates are written around this moment; every import in the tests happens then.
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


class CalendarServer:
    """Serves `routes` {path: (status, headers, body)}; honours If-None-Match; records requests."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.delay = 0  # seconds to wait before answering
        self.drip = 0  # seconds between each byte of the body
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                time.sleep(server.delay)
                status, headers, body = server.routes.get(self.path, (404, {}, b"Not found"))
                if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    if value != "omit":
                        self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                elif headers["Content-Length"] == "omit":
                    self.close_connection = True
                self.end_headers()
                with contextlib.suppress(OSError):  # the fetcher hung up on a body over its cap
                    if not server.drip:
                        self.wfile.write(body)
                    for index in range(len(body)) if server.drip else []:
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(server.drip)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path, body, status=200, **headers):
        headers = {key.replace("_", "-"): value for key, value in headers.items()}
        self.routes[path] = (status, {"Content-Type": "text/calendar; charset=utf-8", **headers}, body)
        return self.url(path)


@pytest.fixture
def calendar_server():
    server = CalendarServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def events_index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def make_source(db, events_index):
    def make(url, **fields):
        fields.setdefault("status", CalendarSource.Status.APPROVED)
        return CalendarSource.objects.create(name="Matlock Community Café", url=url, **fields)

    return make
