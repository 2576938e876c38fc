"""python manage.py eligibility --round SLUG --format json|table"""

import json

from django.core.management.base import BaseCommand

from grants.management.command_input import funding_round_named
from grants.selectors.eligibility import round_outcomes


def outcome_record(outcome):
    facts = outcome.facts
    return {
        "reference": facts.reference,
        "organization": facts.organization,
        "organization_type": facts.organization_type,
        "status": facts.status,
        "eligible": bool(outcome.is_eligible),
        "criteria": [
            {"code": c.code, "passed": c.passed, "explanation": str(c.explanation)} for c in outcome.criteria
        ],
        "blocked_by": outcome.blocked_by_references,
    }


class Command(BaseCommand):
    help = "Print the eligibility of every application of a round, with the reasons."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_slug")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, round_slug, format, **options):
        funding_round = funding_round_named(round_slug)
        outcomes = sorted(round_outcomes(funding_round).values(), key=lambda o: o.facts.reference)
        records = [outcome_record(o) for o in outcomes]
        if format == "json":
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        for record in records:
            verdict = "ELIGIBLE" if record["eligible"] else "NOT ELIGIBLE"
            self.stdout.write(
                f"{record['reference']}  {record['organization']} ({record['organization_type']}, "
                f"{record['status']}): {verdict}"
            )
            for criterion in record["criteria"]:
                mark = "pass" if criterion["passed"] else "FAIL"
                self.stdout.write(f"    [{mark}] {criterion['code']}: {criterion['explanation']}")
            if record["blocked_by"]:
                self.stdout.write("    blocked by: " + ", ".join(record["blocked_by"]))
        self.stdout.write(f"{sum(r['eligible'] for r in records)} of {len(records)} eligible.")
