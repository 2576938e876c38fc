"""The public pages' and API's cache: one data version, bumped whenever published data changes.

Every cached public answer is keyed by the data version and today's date (quarters fall due with the calendar, so
a figure such as "missing" can change overnight without any write). Writers never delete keys: they bump the
version (``opendata.signals``), and old entries expire on their own.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

VERSION_KEY = "opendata:version"
TIMEOUT = 6 * 60 * 60
# How long a browser or proxy may reuse an answer without asking again (it then revalidates with the ETag).
MAX_AGE = 300


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new start value (not 1), so a cache emptied and refilled never repeats an earlier version.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def bump_version():
    """Published data changed: at once (this process sees it) and again after commit (no other request may
    have cached the old data between the bump and the commit)."""
    _bump()
    transaction.on_commit(_bump)


def cache_key(*parts):
    # Parts include whole query strings: hashed, so any request gives a short key every backend accepts.
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"opendata:{data_version()}:{timezone.localdate().isoformat()}:{digest}"


def cached(parts, build, timeout=TIMEOUT):
    """``build()``'s result, computed once per data version and day."""
    key = cache_key(*parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def last_modified():
    """When published data last changed (see ``opendata.selectors.last_change``), cached with the data."""
    from .selectors import last_change

    return cached(("last-modified",), lambda: last_change() or datetime(2021, 1, 1, tzinfo=UTC))


def etag_of(body):
    return quote_etag(hashlib.sha256(body).hexdigest()[:32])


def is_not_modified(request, etag, modified):
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(modified.timestamp()) <= since


def conditional_response(request, parts, render, content_type="application/json"):
    """A cached public answer with ETag and Last-Modified, or 304 Not Modified when the client has it.

    ``render()`` returns the body as bytes; it runs once per data version and day for each ``parts``.
    """
    body, etag = cached(parts, lambda: _with_etag(render()))
    modified = last_modified()
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(modified.timestamp()),
        "Cache-Control": f"public, max-age={MAX_AGE}",
    }
    if request.method in ("GET", "HEAD") and is_not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def _with_etag(body):
    return body, etag_of(body)
