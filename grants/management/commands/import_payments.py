"""Load payments made before the portal: ``manage.py import_payments FILE --round SLUG``.

Header ``contract_number,invoice_number,period_start,period_end,budget_line,amount,paid_on,reference``, one row
per paid budget line. All or nothing: any error is printed with its line and column and nothing is written.
Importing the same file again changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import FundingRound
from grants.services.invoices import import_payments


class Command(BaseCommand):
    help = "Import paid invoices (contract_number,invoice_number,period_start,period_end,budget_line,amount,paid_on,reference)."

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
        result = import_payments(funding_round, data)
        if not result.is_valid:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"{result.created} invoice(s) imported; {result.unchanged} already there.")
