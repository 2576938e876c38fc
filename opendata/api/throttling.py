"""The open data API's rate limit and page size (kept apart from the views: DRF's settings import them)."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """Per-address limit on the public API, counted in the shared cache (``OPEN_DATA_RATE_LIMIT``)."""

    scope = "opendata"

    def get_rate(self):
        return settings.OPEN_DATA_RATE_LIMIT


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
