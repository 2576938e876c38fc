"""Load quarterly values from another system: ``manage.py import_quarterly FILE.csv --round SLUG``.

Header ``contract_number,quarter,metric,value`` (quarter like 2022-Q3, metric by code). All or nothing:
any error is printed with its line and column and nothing is written. Importing the same file again
changes nothing; imported reports count as submitted.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.management.command_input import add_round_argument, file_bytes, funding_round_named
from grants.services.quarterly import import_quarterly_file


class Command(BaseCommand):
    help = "Import quarterly values (contract_number,quarter,metric,value) into a round's reports."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        add_round_argument(parser)

    def handle(self, *args, file, round_slug, **options):
        funding_round = funding_round_named(round_slug)
        data = file_bytes(file)
        result = import_quarterly_file(funding_round, data)
        if not result.is_valid:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"{len(result.rows)} values read; {result.changed} report(s) created or changed.")
