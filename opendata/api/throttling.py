"""The open data API's rate limit and page size (kept apart from the views: DRF's settings import them)."""

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """Per-address limit on the public API, counted in the shared cache (``OPEN_DATA_RATE_LIMIT``)."""

    scope = "opendata"

    @cached_property
    def cache(self):
        # OPEN_DATA_THROTTLE_CACHE: "default" (Redis in production: one count across every web process) or a
        # per-process cache (no network round trip per request; each process counts on its own).
        return caches[settings.OPEN_DATA_THROTTLE_CACHE]

    def get_rate(self):
        return settings.OPEN_DATA_RATE_LIMIT


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
