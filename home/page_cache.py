"""A whole-page cache for anonymous visitors, so the hub stays fast without a CDN.

Only responses the cache policy marks `Cache-Control: public` (the same for every anonymous
visitor) are kept, under a key of scheme, host, path, sorted query, language and content
encoding. A hit is answered before the session, CSRF, auth and other middleware run, and
costs no database query. The cache lives in the `pages` alias, which every web worker
shares (files on this machine, or Redis via CACHE_URL), so a purge reaches them all: a
purge bumps one generation number that is part of every key. See home.signals for what
purges it.
"""

import hashlib
import time

from compression_middleware.middleware import CompressionMiddleware, compressor

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age

GENERATION_KEY = "page-cache:generation"
# Headers a cached page needs again; security headers are added by middleware outside this one.
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Content-Language", "Cache-Control", "Vary")
# Vary headers the key already covers (or, for Cookie, that mean "signed in", never cached).
KNOWN_VARY = {"accept-encoding", "accept-language", "cookie"}
HIT_HEADER = "X-Page-Cache"


def page_cache():
    return caches["pages"]


def purge_all(**kwargs):
    """Forget every cached page in every worker: the next request for each is rendered afresh.

    Again once the transaction commits, so a page rendered meanwhile from the old data is dropped.
    """
    bump_generation()
    transaction.on_commit(bump_generation)


def bump_generation():
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def current_generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A new start value, so entries from before an eviction of the counter are never served.
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def until_purged(name, compute, timeout):
    """compute(), kept in the shared cache for `timeout` seconds or until the next purge (the
    generation is part of the key): a figure a page shows, derived from published content, that
    costs too much to work out on every request. `name` must say everything the value depends on."""
    cache = page_cache()
    key = f"until-purged:{current_generation(cache)}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def request_is_cacheable(request):
    """Anonymous GET or HEAD: no session (so never signed in, never a preview), no credentials."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def response_is_cacheable(response):
    """A complete 200 page marked public by the cache policy, setting no cookie."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return vary <= KNOWN_VARY


def cache_key(request, generation):
    """One entry per address and per what the response depends on: language and compression."""
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    # As LocaleMiddleware decides: the address's prefix, else English (never Accept-Language).
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0] or "identity"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"page:{generation}:{language}:{encoding}:{digest}"


class PageCacheMiddleware:
    """Answers anonymous visitors from the page cache; place it just after WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            key = cache_key(request, current_generation(cache))
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers it with a 400
        cached = cache.get(key)
        if cached is not None:
            return self.cached_response(request, cached)
        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(response):
            max_age = get_max_age(response)
            timeout = settings.PUBLIC_PAGE_CACHE_SECONDS if max_age is None else max_age
            if timeout > 0:
                headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
                headers += [(name, value) for name, value in response.items() if name.startswith("X-")]
                cache.set(key, (headers, response.content), timeout)
                response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def cached_response(request, cached):
        headers, content = cached
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response[HIT_HEADER] = "hit"
        return response


# Content types worth compressing; images, PDFs and office documents are compressed already.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextCompressionMiddleware(CompressionMiddleware):
    """django-compression-middleware (zstd, brotli, gzip by what the client accepts), for text only."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
