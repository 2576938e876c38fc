"""The public pages' and API's cache: one data version, bumped whenever published data changes.

Every cached public answer is keyed by the data version and today's date (quarters fall due with the calendar, so
a figure such as "missing" can change overnight without any write). Writers never delete keys: they bump the
version (``opendata.signals``), and old entries expire on their own.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

VERSION_KEY = "opendata:version"
# Part of every key: change it when the shape of a cached value changes, so a deploy never reads an old shape.
KEY_FORMAT = 2
TIMEOUT = 6 * 60 * 60
# How long a browser or proxy may reuse an answer without asking again (it then revalidates with the ETag).
MAX_AGE = 300


# Another process's bump is seen within this time; this process's own bumps are seen at once.
VERSION_RECHECK_SECONDS = 1.0
_version = {"value": None, "read_at": 0.0}


def _remember(version):
    _version["value"], _version["read_at"] = version, time.monotonic()
    return version


def data_version():
    if _version["value"] is not None and time.monotonic() - _version["read_at"] < VERSION_RECHECK_SECONDS:
        return _version["value"]
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new start value (not 1), so a cache emptied and refilled never repeats an earlier version.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return _remember(version)


def forget_version():
    """Read the version from the shared cache next time (tests call this after emptying the cache)."""
    _version["value"] = None


def _bump():
    try:
        _remember(cache.incr(VERSION_KEY))
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)
        forget_version()


def bump_version():
    """Published data changed: at once (this process sees it) and again after commit (no other request may
    have cached the old data between the bump and the commit)."""
    _bump()
    transaction.on_commit(_bump)


def cache_key(*parts):
    # Parts include whole query strings: hashed, so any request gives a short key every backend accepts.
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"opendata:{KEY_FORMAT}:{data_version()}:{timezone.localdate().isoformat()}:{digest}"


class _LocalEntries:
    """A small per-process copy of recent answers, in front of the shared cache.

    Keys carry the data version, so an entry can never be stale: a bump makes new keys. A warm request then costs
    one shared-cache read (the version) instead of one per value, which matters on a busy Redis.
    """

    def __init__(self, size=64):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def set(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_local = _LocalEntries()


def cached(parts, build, timeout=TIMEOUT):
    """``build()``'s result, computed once per data version and day (per process, then shared)."""
    key = cache_key(*parts)
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        _local.set(key, value)
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
    body, etag, modified = cached(parts, lambda: _with_etag(render()))
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
    return body, etag_of(body), last_modified()
