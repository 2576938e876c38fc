"""Demo legislative reports: narratives, and a published preliminary and final report of the 2021 pilot.

Idempotent: a kind of report that already has a published run is not generated again. Does nothing until
the pilot has awards with quarterly data (loaded by grants.demo.awards and grants.demo.quarterly).
"""

from accounts.models import User
from grants.models import FundingRound, QuarterlyReport

from .models import ReportNarrative, ReportRun
from .services import create_run, generate, publish_run, save_narrative

ROUND = "clep-2021"
REPORTS = [
    ("preliminary", {"as_of": "2021-12-15"}),
    ("final", {"period_start": "2021-10-01", "period_end": "2023-09-30"}),
]
NARRATIVES = {
    "preliminary": {
        "summary": (
            "Commerce opened the Community-Law Enforcement Partnership pilot to applicants in the twelve service "
            "areas the Legislature listed. This report describes how applications were screened, the organizations "
            "selected and the data they will report each quarter."
        ),
        "recommendations": (
            "Commerce will hold an orientation for grantees in January 2022 and review the first quarterly "
            "reports with each grantee to make sure the metrics are counted the same way everywhere."
        ),
    },
    "final": {
        "summary": (
            "Over eight quarters, grantees held community dialogue sessions, trained officers and residents, "
            "engaged youth and local businesses, and surveyed residents about their trust in law enforcement."
        ),
        "highlights": (
            "Several grantees paired youth sports leagues with officer mentoring.\n\n"
            "Community concerns documented at listening sessions were tracked until they were resolved."
        ),
        "recommendations": (
            "Continue the program statewide, keep the shared metric catalog, and fund a common perception "
            "survey so results can be compared across areas."
        ),
        "methodology_notes": "Grantees' survey questions were aligned in the second quarter of 2022.",
    },
}


def _has_quarterly_data(funding_round):
    return QuarterlyReport.objects.filter(
        period__award__funding_round=funding_round,
        status__in=[QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED],
    ).exists()


def load():
    """Write the demo narratives, then generate and publish both reports; running it twice changes nothing."""
    funding_round = FundingRound.objects.filter(slug=ROUND).first()
    if funding_round is None or not _has_quarterly_data(funding_round):
        return
    staff = User.objects.filter(role=User.Role.PROGRAM_MANAGER).order_by("pk").first()
    for kind, fields in NARRATIVES.items():
        if not ReportNarrative.objects.filter(funding_round=funding_round, kind=kind).exists():
            save_narrative(funding_round, kind, by=staff, **fields)
    for kind, parameters in REPORTS:
        if ReportRun.objects.filter(
            kind=kind, funding_round=funding_round, published_at__isnull=False
        ).exists():
            continue
        run = generate(create_run(kind, funding_round, parameters, by=staff).pk)
        if run.status == ReportRun.Status.SUCCEEDED:
            publish_run(run, by=staff)
