import pytest

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
