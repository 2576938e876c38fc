"""Load quarterly values from another system: ``manage.py import_quarterly FILE.csv --round SLUG``.

Header ``contract_number,quarter,metric,value`` (quarter like 2022-Q3, metric by code). All or nothing:
any error is printed with its line and column and nothing is written. Importing the same file again
changes nothing; imported reports count as submitted.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import FundingRound
from grants.services.quarterly import import_quarterly_file


class Command(BaseCommand):
    help = "Import quarterly values (contract_number,quarter,metric,value) into a round's reports."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", required=True, dest="round_slug", help="the funding round's slug")

    def handle(self, *args, file, round_slug, **options):
        try:
            funding_round = FundingRound.objects.get(slug=round_slug)
        except FundingRound.DoesNotExist as exc:
            raise CommandError(f"No funding round {round_slug!r}.") from exc
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        result = import_quarterly_file(funding_round, data)
        if not result.is_valid:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"{len(result.rows)} values read; {result.changed} report(s) created or changed.")
