"""A Redis cache that fails safe: when Redis is down, reads miss and writes are skipped, so pages
are still served (uncached) instead of failing. Counting (`incr`) raises CacheUnavailable, so a
caller that needs an exact count, like the submission rate limit, can count elsewhere."""

import functools
import logging
import time

from redis.exceptions import RedisError

from django.core.cache.backends.redis import RedisCache

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
