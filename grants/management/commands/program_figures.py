"""Print the read model of program figures: ``manage.py program_figures --round clep-2021 --format json``.

The JSON is ``grants.selectors.figures.figures_as_json``: the same numbers every page, export and report shows.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from grants.management.command_input import add_round_argument, funding_round_named
from grants.selectors.figures import COMPLETENESS_KEYS, figures_as_json, program_figures


def _date(value, name):
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name} {value!r} is not a date like 2022-07-01.") from exc


class Command(BaseCommand):
    help = "Print a round's program figures (awards, money, metrics, report completeness, coverage)."

    def add_arguments(self, parser):
        add_round_argument(parser)
        parser.add_argument("--period-start", help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--period-end", help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, round_slug, period_start, period_end, format, **options):
        funding_round = funding_round_named(round_slug)
        if bool(period_start) != bool(period_end):
            raise CommandError("Give both --period-start and --period-end, or neither.")
        start = _date(period_start, "period-start") if period_start else None
        end = _date(period_end, "period-end") if period_end else None
        if start and end and start > end:
            raise CommandError("--period-start must not be after --period-end.")
        data = figures_as_json(program_figures(funding_round, period_start=start, period_end=end))
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self._table(data)

    def _table(self, data):
        period = f"{data['period_start']} to {data['period_end']}" if data["period_start"] else "whole awards"
        self.stdout.write(f"Round {data['round']} ({period})")
        columns = ["contract_number", "organization", "counties", "amount", "status", "expended"]
        rows = [[a[c] if c != "counties" else ", ".join(a[c]) for c in columns] for a in data["awards"]]
        rows.append(["Total", "", "", data["totals"]["awarded"], "", data["totals"]["expended"]])
        self._rows(columns, rows)
        self.stdout.write("")
        self.stdout.write("Metrics: " + ", ".join(f"{k} {v}" for k, v in data["totals"]["metrics"].items()))
        self.stdout.write(
            "Reports: " + ", ".join(f"{key} {data['completeness'][key]}" for key in COMPLETENESS_KEYS)
        )
        self.stdout.write("")
        self._rows(
            ["county", "awards", "amount"],
            [[r["county"], r["awards"], r["amount"]] for r in data["coverage"]],
        )

    def _rows(self, columns, rows):
        widths = [max([len(c), *(len(str(row[i])) for row in rows)]) for i, c in enumerate(columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
