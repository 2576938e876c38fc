"""python manage.py import_applications FILE.csv --round SLUG"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.imports import IMPORT_COLUMNS, CsvImportError
from grants.management.command_input import add_round_argument, funding_round_named
from grants.services.imports import import_applications_csv


class Command(BaseCommand):
    help = "Import applications into a funding round from a UTF-8 CSV with the header: " + ",".join(
        IMPORT_COLUMNS
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        add_round_argument(parser)

    def handle(self, *args, file, round_slug, **options):
        funding_round = funding_round_named(round_slug)
        try:
            # Streamed: rows are read one by one, so a huge file is refused at its row limit, not loaded.
            with Path(file).open(encoding="utf-8-sig", newline="") as handle:
                result = import_applications_csv(handle, funding_round)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{file}: is a directory, not a CSV file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: the file is not UTF-8 text. Nothing was imported.") from None
        except CsvImportError as error:
            raise CommandError(f"{file}, {error}. Nothing was imported.") from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged; "
            f"{result.organizations_created} new organizations."
        )
