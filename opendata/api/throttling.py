"""The open data API's rate limit and page size (kept apart from the views: DRF's settings import them)."""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "120/minute" → (120, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


class PublicRateThrottle(BaseThrottle):
    """Per-address limit on the public API (``OPEN_DATA_RATE_LIMIT``), in fixed windows.

    One atomic increment in the cache per request (``OPEN_DATA_THROTTLE_CACHE``: "default", Redis in
    production, one count across every web process). DRF's own throttle reads and rewrites a list of request
    times (two round trips, and two processes can overwrite each other's count); a counter per window is
    exact across processes and costs one round trip. A client may reach twice the rate across a window's edge,
    which is acceptable for abuse protection.
    """

    def allow_request(self, request, view):
        limit, period = parse_rate(settings.OPEN_DATA_RATE_LIMIT)
        now = time.time()
        window = int(now // period)
        key = f"opendata-throttle:{self.get_ident(request)}:{window}"
        self.wait_seconds = period - (now - window * period)
        return count_request(caches[settings.OPEN_DATA_THROTTLE_CACHE], key, period) <= limit

    def wait(self):
        return getattr(self, "wait_seconds", None)


def count_request(cache, key, period):
    """Add one to the window's counter and return it: one round trip on Redis (INCR and EXPIRE pipelined;
    Django's cache.incr asks EXISTS first), cache.incr/add elsewhere."""
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(key, write=True)
        pipe = client.pipeline(transaction=False)
        full_key = cache.make_and_validate_key(key)
        pipe.incr(full_key)
        pipe.expire(full_key, period + 1)
        count, _expiry_set = pipe.execute()
        return count
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        return 1 if cache.add(key, 1, timeout=period + 1) else cache.incr(key)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
