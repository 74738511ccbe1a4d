"""Fetch a calendar from an address an editor (or the public form) supplied, without letting that
address reach inside our network.

Every hop (at most CALENDAR_FETCH_MAX_REDIRECTS redirects) is checked again: https only, ports
80 and 443, and every address the name resolves to must be public. We then connect to the
address we checked, not the name, so DNS cannot change its answer in between (rebinding).
The whole fetch has one deadline and the body one size cap, counted while it streams.
CALENDAR_FETCH_TEST_ADDRESSES lets tests reach a local server; only test settings set it."""

import ipaddress
import socket
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from django.conf import settings

from ..models.sources import normalise_calendar_url
from . import SourceError

USER_AGENT = "BringingPeopleTogether-CalendarImport/1.0 (+https://www.derbyshire.gov.uk)"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back: the body (None when 304 Not Modified) and the validators."""

    body: bytes | None
    etag: str = ""
    last_modified: str = ""
    url: str = ""

    @property
    def not_modified(self):
        return self.body is None


def test_addresses():
    return {ipaddress.ip_address(value) for value in getattr(settings, "CALENDAR_FETCH_TEST_ADDRESSES", [])}


def is_public(address):
    """True for an address on the public internet: not private, loopback, link-local, multicast,
    reserved or unspecified (an IPv4 address inside IPv6 is judged as IPv4)."""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_link_local or address.is_loopback
    )


def resolve(host, port):
    """Every address `host` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise SourceError(f"the address {host} could not be found") from error
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_target(url):
    """(scheme, host, port, address to connect to, path) for a URL we may fetch, or SourceError."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError("the calendar address must start with https:// (or webcal://)")
    host = parts.hostname
    if not host:
        raise SourceError("the calendar address has no site name in it")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise SourceError("the calendar address has a port number that is not valid") from error
    if parts.username or parts.password:
        raise SourceError("the calendar address must not contain a user name or password")
    addresses = resolve(host, port)
    allowed_for_tests = test_addresses()
    if addresses and all(address in allowed_for_tests for address in addresses):
        # Only ever set by test settings: a local test server, on any port, over plain http.
        return scheme, host, port, addresses[0], parts
    if scheme != "https":
        raise SourceError("the calendar address must use https")
    if port not in (80, 443):
        raise SourceError(f"the calendar address uses port {port}; only the standard ports are allowed")
    refused = [address for address in addresses if not is_public(address)]
    if refused or not addresses:
        raise SourceError(f"the calendar address {host} points to a private or local network address")
    return scheme, host, port, addresses[0], parts


def open_response(scheme, address, port, host, target, headers, timeout):
    """GET `target` from `address`, presenting `host` (for TLS and the Host header)."""
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(address),
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(str(address), port, **options)
    default_port = 443 if scheme == "https" else 80
    headers = {**headers, "Host": host if port == default_port else f"{host}:{port}"}
    return pool.urlopen("GET", target, headers=headers, redirect=False, retries=False, preload_content=False)


def status_message(status):
    try:
        phrase = HTTPStatus(status).phrase.lower()
    except ValueError:
        phrase = "an unexpected status"
    return f"the calendar address answered {status} ({phrase})"


def read_capped(response, deadline, max_bytes):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(f"the calendar is larger than {max_bytes // (1024 * 1024)} MB")
    body = bytearray()
    # read1: at most one read from the socket each time, so a server that drips bytes slowly
    # still meets the deadline; decoding is capped per read, so a gzip bomb is stopped too.
    while chunk := response.read1(CHUNK, decode_content=True):
        body += chunk
        if len(body) > max_bytes:
            raise SourceError(f"the calendar is larger than {max_bytes // (1024 * 1024)} MB")
        if time.monotonic() > deadline:
            raise SourceError(
                f"the calendar took more than {settings.CALENDAR_FETCH_TIMEOUT} seconds to download"
            )
    return bytes(body)


def fetch(url, etag="", last_modified=""):
    """Fetch a calendar; a Fetched, or SourceError with what went wrong in plain words."""
    timeout_seconds = settings.CALENDAR_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout_seconds
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5", "Accept-Encoding": "gzip"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    url = normalise_calendar_url(url)
    for _hop in range(settings.CALENDAR_FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, address, parts = check_target(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        remaining = max(0.1, deadline - time.monotonic())
        try:
            response = open_response(
                scheme,
                address,
                port,
                host,
                target,
                headers,
                urllib3.Timeout(connect=remaining, read=remaining),
            )
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location", "")
                    if not location:
                        raise SourceError(status_message(response.status))
                    url = urljoin(url, location)
                    continue
                if response.status == 304:
                    return Fetched(None, etag, last_modified, url)
                if response.status != 200:
                    raise SourceError(status_message(response.status))
                body = read_capped(response, deadline, settings.CALENDAR_FETCH_MAX_BYTES)
                return Fetched(
                    body, response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""), url
                )
            finally:
                response.release_conn()
        except (ConnectTimeoutError, ReadTimeoutError) as error:
            raise SourceError(f"the calendar took more than {timeout_seconds} seconds to answer") from error
        except SSLError as error:
            raise SourceError(
                f"the secure connection to {host} failed (its certificate is not valid)"
            ) from error
        except NewConnectionError as error:
            raise SourceError(f"could not connect to {host}") from error
        except (ProtocolError, HTTPError, OSError) as error:
            raise SourceError(f"the connection to {host} broke off") from error
    raise SourceError(
        f"the calendar address redirected more than {settings.CALENDAR_FETCH_MAX_REDIRECTS} times"
    )
