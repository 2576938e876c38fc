"""python manage.py import_awards FILE.csv --round SLUG"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.imports import CsvImportError
from grants.imports_awards import AWARD_COLUMNS
from grants.management.command_input import add_round_argument, funding_round_named
from grants.services.award_imports import import_awards_csv


class Command(BaseCommand):
    help = (
        "Import awards made before the portal into a funding round (all or nothing; the same file twice changes "
        "nothing) from a UTF-8 CSV with the header: " + ",".join(AWARD_COLUMNS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        add_round_argument(parser)

    def handle(self, *args, file, round_slug, **options):
        funding_round = funding_round_named(round_slug)
        try:
            text = Path(file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: the file is not UTF-8 text.") from None
        try:
            result = import_awards_csv(text, funding_round)
        except CsvImportError as error:
            raise CommandError(f"{file}, {error}. Nothing was imported.") from None
        self.stdout.write(f"{result.created} awards created, {result.unchanged} unchanged.")
