"""Demo data for `make run`, above every app: people, applications, reviews and awards, quarterly data, reports.

Lives outside the apps so that no app imports a higher one to load it (portal is the lowest layer, then grants,
then reporting). Idempotent: every record is found by a natural key before it is created, so running it twice
changes nothing.
"""

from dataclasses import dataclass

from accounts.demo import DEMO_PASSWORD


@dataclass
class DemoLogin:
    role: str
    email: str
    password: str
    note: str = ""


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
        DemoLogin(
            "Fiscal officer (staff)",
            "fiscal@demo.clep.wa.gov",
            DEMO_PASSWORD,
            "authenticator code as above",
        ),
        DemoLogin("Grantee owner (Yakima Valley Unidos)", "owner@yakima-unidos.demo", DEMO_PASSWORD),
        DemoLogin("Grantee member (Yakima Valley Unidos)", "member@yakima-unidos.demo", DEMO_PASSWORD),
    ]


def load_demo():
    """Every demo record, in dependency order: people, applications, reviews and awards, quarterly data,
    invoices, synthetic county statistics, reports."""
    from grants.demo import accounts, applications, awards, invoices, quarterly, statistics
    from reporting import demo as reports

    accounts.load_accounts()
    applications.load()
    awards.load()
    quarterly.load()
    invoices.load()
    statistics.load()
    reports.load()
    return demo_logins()
