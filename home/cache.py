"""The cache backends the hub's settings name.

- FailSafeRedisCache: a Redis cache that fails safe: when Redis is down, reads miss and writes are
  skipped, so pages are still served (uncached) instead of failing. Counting (`incr`) raises
  CacheUnavailable, so a caller that needs an exact count, like the submission rate limit, can
  count elsewhere.
- UncompressedFileCache: Django's file cache, shared by every worker on the machine, without its
  zlib layer.
"""

import functools
import logging
import pickle
import time

from redis.exceptions import RedisError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.core.files import locks

logger = logging.getLogger("home.cache")

# At most one warning per process this often, however many requests find Redis down.
WARN_EVERY_SECONDS = 60


class CacheUnavailable(Exception):
    """The cache server cannot be reached."""


def _missing(default_result):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self.warn(method.__name__, error)
                return default_result(*args, **kwargs)

        return wrapper

    return decorate


class FailSafeRedisCache(RedisCache):
    _last_warning = 0.0

    def warn(self, operation, error):
        now = time.monotonic()
        if now - FailSafeRedisCache._last_warning > WARN_EVERY_SECONDS:
            FailSafeRedisCache._last_warning = now
            logger.warning("Cache unavailable (%s: %s): serving without it", operation, error)

    get = _missing(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _missing(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _missing(lambda key, version=None: False)(RedisCache.has_key)
    add = _missing(lambda *args, **kwargs: False)(RedisCache.add)
    set = _missing(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _missing(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _missing(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _missing(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _missing(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _missing(lambda: None)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self.warn("incr", error)
            raise CacheUnavailable(str(error)) from error


class UncompressedFileCache(FileBasedCache):
    """Django's file cache, storing values as plain pickles. Cached pages are mostly brotli or gzip
    already, and unzipping each one on every hit cost a cached page more than reading its file."""

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as file:
                if not self._is_expired(file):
                    return pickle.load(file)  # noqa: S301 (written by this cache, as Django's own does)
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as file:
                try:
                    locks.lock(file, locks.LOCK_EX)
                    if self._is_expired(file):
                        return False
                    value = pickle.load(file)  # noqa: S301
                    file.seek(0)
                    self._write_content(file, timeout, value)
                    file.truncate()
                    return True
                finally:
                    locks.unlock(file)
        except FileNotFoundError:
            return False
