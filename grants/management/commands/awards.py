"""Print a round's awards for other systems: ``manage.py awards --round clep-2021 --format json``."""

import json

from django.core.management.base import BaseCommand

from grants.lifecycles.awards import AWARD
from grants.management.command_input import add_round_argument, funding_round_named
from grants.selectors.awards import round_awards


def award_record(award):
    return {
        "contract_number": award.contract_number,
        "application": award.application.reference,
        "organization": award.organization.legal_name,
        "amount": str(award.amount),
        "counties": [county.name for county in award.counties.all()],
        "period_start": award.period_start.isoformat(),
        "period_end": award.period_end.isoformat(),
        "status": AWARD.state_of(award),  # "ended" once the period of performance is over
    }


class Command(BaseCommand):
    help = "Print the awards of a funding round as JSON or as a text table."

    def add_arguments(self, parser):
        add_round_argument(parser)
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, round_slug, format, **options):
        funding_round = funding_round_named(round_slug)
        records = [award_record(award) for award in round_awards(funding_round)]
        if format == "json":
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        columns = ["contract_number", "application", "organization", "amount", "counties", "period_start",
                   "period_end", "status"]  # fmt: skip
        rows = [[r[c] if c != "counties" else ", ".join(r[c]) for c in columns] for r in records]
        widths = [max([len(c), *(len(str(row[i])) for row in rows)]) for i, c in enumerate(columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
        self.stdout.write(f"{len(rows)} award(s)")
