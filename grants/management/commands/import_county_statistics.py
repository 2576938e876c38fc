"""python manage.py import_county_statistics FILE.csv"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.imports import CsvImportError
from grants.imports_statistics import STATISTICS_COLUMNS
from grants.services.county_statistics import import_county_statistics_csv


class Command(BaseCommand):
    help = (
        "Import county population and reported offenses by year from a UTF-8 CSV with the header: "
        + ",".join(STATISTICS_COLUMNS)
        + " (county by name or FIPS code; offenses may be empty; all rows or none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"{file}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: the file is not UTF-8 text.") from None
        try:
            result = import_county_statistics_csv(text)
        except CsvImportError as error:
            raise CommandError(f"{file}, {error}. Nothing was imported.") from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
