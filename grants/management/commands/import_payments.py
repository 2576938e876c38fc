"""Load payments made before the portal: ``manage.py import_payments FILE --round SLUG``.

Header ``contract_number,invoice_number,period_start,period_end,budget_line,amount,paid_on,reference``, one row
per paid budget line. All or nothing: any error is printed with its line and column and nothing is written.
Importing the same file again changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.management.command_input import add_round_argument, file_bytes, funding_round_named
from grants.services.invoices import import_payments


class Command(BaseCommand):
    help = "Import paid invoices (contract_number,invoice_number,period_start,period_end,budget_line,amount,paid_on,reference)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        add_round_argument(parser)

    def handle(self, *args, file, round_slug, **options):
        funding_round = funding_round_named(round_slug)
        data = file_bytes(file)
        result = import_payments(funding_round, data)
        if not result.is_valid:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"{result.created} invoice(s) imported; {result.unchanged} already there.")
