"""The people of the demo, one per role, and the organization the demo grantees act for."""

from django.db import transaction

from accounts.demo import demo_user, with_totp
from accounts.models import User

from ..models import Membership, Organization


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
    """Staff (manager, reviewer) with an authenticator, and the owner and member of Yakima Valley Unidos."""
    manager = with_totp(
        demo_user("manager@demo.clep.wa.gov", role=User.Role.PROGRAM_MANAGER, full_name="Dana Whitfield")
    )
    with_totp(demo_user("reviewer@demo.clep.wa.gov", role=User.Role.REVIEWER, full_name="Ravi Natarajan"))
    with_totp(demo_user("fiscal@demo.clep.wa.gov", role=User.Role.FISCAL, full_name="Tomás Reyes"))
    owner = demo_user(
        "owner@yakima-unidos.demo", role=User.Role.APPLICANT, full_name="María Torres", language="es"
    )
    member = demo_user(
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
