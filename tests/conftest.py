import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import (
    ProgramManagerFactory,
    ReviewerFactory,
    SignedInWithCodeClient,
    UserFactory,
    activate_totp,
)


@pytest.fixture
def client():
    """Django's test client, whose ``force_login`` of a user with an authenticator app stands for a sign-in
    with password and code (see ``SignedInWithCodeClient``); a password-only session is tested on its own."""
    return SignedInWithCodeClient()


@pytest.fixture
def applicant(db):
    return UserFactory()


@pytest.fixture
def program_manager(db):
    user = ProgramManagerFactory()
    activate_totp(user)
    return user


@pytest.fixture
def reviewer(db):
    user = ReviewerFactory()
    activate_totp(user)
    return user


@pytest.fixture
def staff_client(client, program_manager):
    """A client signed in as a program manager who completed MFA."""
    client.force_login(program_manager)
    return client


@pytest.fixture(autouse=True, scope="session")
def _a_cache_of_this_process(worker_id):
    """Under pytest-xdist (`make test PYTEST_ARGS="-n 2"`, and CI's first pass) each test process gets a cache
    of its own. The Redis cache is one database shared by every process, and a test that empties it
    (``cache.clear()``) would empty the other processes' cached eligibility outcomes in the middle of their
    tests. Tests run one at a time (worker_id "master", CI's pass with real Celery workers) keep Redis."""
    if worker_id == "master":
        yield
        return
    caches = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"tests-{worker_id}",
        },
    }
    with override_settings(CACHES=caches):
        yield
