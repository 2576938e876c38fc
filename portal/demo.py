"""Demo data for `make run`: one account per role, and the records later features add to it.

Idempotent: every record is found by a natural key before it is created, so running it twice
changes nothing.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accounts.models import User
from grants.models import Membership, Organization

DEMO_PASSWORD = "clep-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@dataclass
class DemoLogin:
    role: str
    email: str
    password: str
    note: str = ""


def _user(email, *, role, full_name, language="en"):
    user, created = User.objects.get_or_create(
        email=email, defaults={"role": role, "full_name": full_name, "preferred_language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _with_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _organization(name, org_type, owner, **fields):
    organization, _ = Organization.objects.get_or_create(
        legal_name=name, defaults={"org_type": org_type, **fields}
    )
    Membership.objects.get_or_create(
        user=owner, organization=organization, defaults={"role": Membership.Role.OWNER}
    )
    return organization


@transaction.atomic
def load_accounts():
    """The people of the demo, one per role, and the organizations the grantees act for."""
    manager = _with_totp(
        _user("manager@demo.clep.wa.gov", role=User.Role.PROGRAM_MANAGER, full_name="Dana Whitfield")
    )
    _with_totp(_user("reviewer@demo.clep.wa.gov", role=User.Role.REVIEWER, full_name="Ravi Natarajan"))
    owner = _user(
        "owner@yakima-unidos.demo", role=User.Role.APPLICANT, full_name="María Torres", language="es"
    )
    member = _user(
        "member@yakima-unidos.demo", role=User.Role.APPLICANT, full_name="Luis Ortega", language="es"
    )
    organization = _organization(
        "Yakima Valley Unidos",
        Organization.Type.NONPROFIT,
        owner,
        city="Yakima",
        postal_code="98901",
        contact_name="María Torres",
        contact_email="owner@yakima-unidos.demo",
        contact_phone="509-555-0142",
    )
    Membership.objects.get_or_create(
        user=member, organization=organization, defaults={"role": Membership.Role.MEMBER}
    )
    return manager


def demo_logins():
    return [
        DemoLogin(
            "Program manager (staff)",
            "manager@demo.clep.wa.gov",
            DEMO_PASSWORD,
            "authenticator code: 000000 under `make run`, or add secret JBSWY3DPEHPK3PXP to an app",
        ),
        DemoLogin(
            "Reviewer (staff)", "reviewer@demo.clep.wa.gov", DEMO_PASSWORD, "authenticator code as above"
        ),
        DemoLogin(
            "Second reviewer (staff)",
            "reviewer2@demo.clep.wa.gov",
            DEMO_PASSWORD,
            "authenticator code as above",
        ),
        DemoLogin("Grantee owner (Yakima Valley Unidos)", "owner@yakima-unidos.demo", DEMO_PASSWORD),
        DemoLogin("Grantee member (Yakima Valley Unidos)", "member@yakima-unidos.demo", DEMO_PASSWORD),
    ]


def load_demo():
    """Every demo record, in dependency order: people, applications, reviews and awards, quarterly data,
    synthetic county statistics, reports."""
    from grants.demo import applications, awards, quarterly, statistics
    from reporting import demo as reports

    load_accounts()
    applications.load()
    awards.load()
    quarterly.load()
    statistics.load()
    reports.load()
    return demo_logins()
