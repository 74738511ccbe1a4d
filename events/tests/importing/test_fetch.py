"""The fetcher reaches the internet on an editor's say-so: private, loopback, link-local and
multicast addresses are refused, before connecting and after every redirect; only https on the
standard ports; one deadline; a size cap while streaming. Tests reach their local server only
through CALENDAR_FETCH_TEST_ADDRESSES, which production never sets."""

import gzip
import ipaddress
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events.importing import SourceError, fetch

ROOT = Path(__file__).resolve().parents[3]
PUBLIC_IP = ipaddress.ip_address("93.184.215.14")
CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def production_rules(settings):
    settings.CALENDAR_FETCH_TEST_ADDRESSES = []


@pytest.fixture
def public_calendar_host(monkeypatch, calendar_server):
    """calendar.example.org resolves to a public address, which the network (simulated here)
    routes to the local server: the production checks run unchanged on every hop."""
    real_resolve, real_open = fetch.resolve, fetch.open_response

    def resolve(host, port):
        return [PUBLIC_IP] if host == "calendar.example.org" else real_resolve(host, port)

    def open_response(scheme, address, port, host, target, headers, timeout):
        if address == PUBLIC_IP:
            scheme, address, port = "http", "127.0.0.1", calendar_server.port
        return real_open(scheme, address, port, host, target, headers, timeout)

    monkeypatch.setattr(fetch, "resolve", resolve)
    monkeypatch.setattr(fetch, "open_response", open_response)
    return calendar_server


def test_webcal_addresses_are_fetched_over_https():
    from events.models.sources import normalise_calendar_url

    assert normalise_calendar_url(" webcal://example.org/a.ics ") == "https://example.org/a.ics"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.5",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_loopback_link_local_and_multicast_addresses_are_not_public(address):
    assert not fetch.is_public(ipaddress.ip_address(address))


def test_a_public_address_is_public():
    assert fetch.is_public(PUBLIC_IP) and fetch.is_public(ipaddress.ip_address("2a00:1450:4009:81f::200e"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://127.0.0.1/calendar.ics", "private or local network address"),
        ("https://localhost/calendar.ics", "private or local network address"),
        ("https://169.254.169.254/latest/meta-data/", "private or local network address"),
        ("https://[::1]/calendar.ics", "private or local network address"),
        ("http://calendar.example.org/calendar.ics", "must use https"),
        ("https://calendar.example.org:8443/calendar.ics", "port 8443"),
        ("ftp://calendar.example.org/calendar.ics", "must start with https://"),
        ("file:///etc/passwd", "must start with https://"),
        ("https://user:pw@calendar.example.org/c.ics", "user name or password"),
    ],
)
def test_production_rules_refuse_local_targets_plain_http_and_other_ports(
    production_rules, public_calendar_host, url, message
):
    with pytest.raises(SourceError, match=message):
        fetch.fetch(url)


def test_production_rules_refuse_the_local_test_server_itself(production_rules, calendar_server):
    url = calendar_server.serve("/calendar.ics", CALENDAR)
    with pytest.raises(SourceError, match="must use https"):
        fetch.fetch(url)
    with pytest.raises(SourceError, match="only the standard ports"):
        fetch.fetch(url.replace("http://", "https://"))
    assert calendar_server.requests == []


def test_a_public_https_address_is_fetched(production_rules, public_calendar_host):
    public_calendar_host.serve("/calendar.ics", CALENDAR)
    assert fetch.fetch("webcal://calendar.example.org/calendar.ics").body == CALENDAR


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/calendar.ics",
        "https://127.0.0.1/calendar.ics",
        "https://localhost/calendar.ics",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:127.0.0.1]/calendar.ics",
    ],
)
def test_a_redirect_to_a_local_address_is_refused_under_production_rules(
    production_rules, public_calendar_host, location
):
    server = public_calendar_host
    server.serve("/calendar.ics", CALENDAR)
    server.serve("/moved", b"", status=302, Location=location.format(port=server.port))
    with pytest.raises(SourceError, match="must use https|private or local"):
        fetch.fetch("https://calendar.example.org/moved")
    assert [path for path, _headers in server.requests] == ["/moved"]


def test_a_redirect_to_another_local_address_is_refused_even_with_the_test_allowance(calendar_server):
    url = calendar_server.serve("/moved", b"", status=302, Location="http://127.0.0.2:8080/calendar.ics")
    with pytest.raises(SourceError, match="must use https"):
        fetch.fetch(url)


def test_redirects_are_followed_at_most_three_times(production_rules, public_calendar_host):
    server = public_calendar_host
    for hop in range(4):
        server.serve(f"/hop{hop}", b"", status=301, Location=f"/hop{hop + 1}")
    server.serve("/hop3", CALENDAR)
    assert fetch.fetch("https://calendar.example.org/hop0").body == CALENDAR
    server.serve("/hop3", b"", status=301, Location="/hop4")
    server.serve("/hop4", CALENDAR)
    with pytest.raises(SourceError, match="redirected more than 3 times"):
        fetch.fetch("https://calendar.example.org/hop0")


def test_an_error_status_is_reported_in_words(calendar_server):
    with pytest.raises(SourceError, match=r"the calendar address answered 404 \(not found\)"):
        fetch.fetch(calendar_server.url("/missing.ics"))


def test_a_body_over_the_cap_is_refused_whether_or_not_its_size_is_declared(calendar_server, settings):
    settings.CALENDAR_FETCH_MAX_BYTES = 1024 * 1024
    big = b"X" * (1024 * 1024 + 1)
    with pytest.raises(SourceError, match="larger than 1 MB"):
        fetch.fetch(calendar_server.serve("/declared.ics", big))
    # No Content-Length: counted while streaming.
    with pytest.raises(SourceError, match="larger than 1 MB"):
        fetch.fetch(calendar_server.serve("/streamed.ics", big, Content_Length="omit"))


def test_a_server_that_does_not_answer_in_time_fails_the_fetch(calendar_server, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 1
    calendar_server.delay = 3
    url = calendar_server.serve("/slow.ics", CALENDAR)
    started = time.monotonic()
    with pytest.raises(SourceError, match="more than 1 seconds"):
        fetch.fetch(url)
    assert time.monotonic() - started < 2.5


def test_a_server_that_drips_its_answer_slowly_fails_the_fetch_at_the_deadline(calendar_server, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 1
    calendar_server.drip = 0.2
    url = calendar_server.serve("/drip.ics", CALENDAR * 10)
    started = time.monotonic()
    with pytest.raises(SourceError, match="more than 1 seconds to download"):
        fetch.fetch(url)
    assert time.monotonic() - started < 2.5


def test_a_compressed_calendar_is_capped_on_its_unpacked_size(calendar_server, settings):
    settings.CALENDAR_FETCH_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"X" * (20 * 1024 * 1024))
    url = calendar_server.serve("/bomb.ics", bomb, Content_Encoding="gzip")
    with pytest.raises(SourceError, match="larger than 1 MB"):
        fetch.fetch(url)
    small = gzip.compress(CALENDAR)
    assert fetch.fetch(calendar_server.serve("/small.ics", small, Content_Encoding="gzip")).body == CALENDAR


def test_the_connection_goes_to_the_address_that_was_checked_not_a_second_lookup(
    production_rules, public_calendar_host, monkeypatch
):
    """DNS rebinding: a name that answers public, then private, is only ever looked up once a hop."""
    lookups = []
    checked = fetch.resolve

    def counting(host, port):
        lookups.append(host)
        return checked(host, port)

    monkeypatch.setattr(fetch, "resolve", counting)
    real_getaddrinfo = socket.getaddrinfo

    def numeric_only(host, *args, **kwargs):
        ipaddress.ip_address(host)  # raises for a name: the connection must use the checked address
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    public_calendar_host.serve("/calendar.ics", CALENDAR)
    assert fetch.fetch("https://calendar.example.org/calendar.ics").body == CALENDAR
    assert lookups == ["calendar.example.org"]


def test_production_settings_never_allow_local_addresses():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SECRET_KEY="x" * 50, CALENDAR_FETCH_TEST_ADDRESSES="127.0.0.1")
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = "import config.settings.production as s; print(s.CALENDAR_FETCH_TEST_ADDRESSES)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_conditional_headers_are_sent(calendar_server):
    url = calendar_server.serve("/calendar.ics", CALENDAR, ETag='"abc"')
    fetched = fetch.fetch(url, etag='"abc"', last_modified="Fri, 20 Nov 2026 09:00:00 GMT")
    assert fetched.not_modified
    assert calendar_server.requests[-1][1]["If-Modified-Since"] == "Fri, 20 Nov 2026 09:00:00 GMT"
