"""Project-wide pytest set-up (kept at the top so it also applies to bench/)."""

import pytest
from django.core.cache import cache

from opendata.cache import forget_version


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # A fast hasher: tests create many users; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    forget_version()
    yield
    cache.clear()
    forget_version()


@pytest.fixture(autouse=True)
def _eager_celery_unless_worker_test(request):
    """Tasks run in-process in tests, except in tests marked ``worker``, which use a real worker."""
    from clep_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("worker") is None
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (browser, worker) flush the database, seeded rows included; put them back."""
    marker = request.node.get_closest_marker("django_db")
    is_transactional = marker is not None and marker.kwargs.get("transaction", False)
    if is_transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from grants.reference_data import restore_reference_data

        request.getfixturevalue("transactional_db")
        restore_reference_data()
    yield


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """The active language is per thread: a test that switches it must not change the next test's."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
