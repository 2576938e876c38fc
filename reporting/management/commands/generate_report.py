"""Generate a legislative report synchronously (the same work as the Celery task) and write its PDF."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import FundingRound
from grants.services.errors import ServiceError
from reporting.models import ReportArtifact, ReportKind, ReportRun
from reporting.services import biennial_rounds, create_run, generate, report_parameters


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date like 2023-09-30") from exc


class Command(BaseCommand):
    help = "Generate a preliminary, final or biennial report for a funding round and write its PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument(
            "--round",
            dest="round_slug",
            help="funding round slug, e.g. clep-2021 (a biennial report without it covers every round active "
            "in the two years before --year)",
        )
        parser.add_argument("--as-of", help="preliminary report: status as of this date (YYYY-MM-DD)")
        parser.add_argument("--period-start", help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--period-end", help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--year", type=int, help="biennial report: the odd year, e.g. 2023")
        parser.add_argument("--output", help="write the PDF to this file")
        parser.add_argument(
            "--data-output", help="write the data bundle (every table as CSV, zip) to this file"
        )

    def handle(self, *args, kind, round_slug, as_of, period_start, period_end, year, output, **options):
        start, end = (
            (_date(period_start) if period_start else None),
            (_date(period_end) if period_end else None),
        )
        rounds = None
        try:
            if round_slug:
                funding_round = FundingRound.objects.filter(slug=round_slug).first()
                if funding_round is None:
                    slugs = ", ".join(FundingRound.objects.order_by("slug").values_list("slug", flat=True))
                    raise CommandError(f"No funding round {round_slug!r}. Rounds: {slugs or 'none'}.")
            elif kind == ReportKind.BIENNIAL:
                rounds = biennial_rounds(year, start, end)
                funding_round = rounds[-1]  # the run is filed under the newest round it covers
            else:
                raise CommandError("Give the funding round: --round clep-2021.")
            parameters = report_parameters(
                kind,
                funding_round,
                as_of=_date(as_of) if as_of else None,
                period_start=start,
                period_end=end,
                year=year,
                rounds=rounds if rounds and len(rounds) > 1 else None,
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        run = generate(create_run(kind, funding_round, parameters).pk)
        if run.status != ReportRun.Status.SUCCEEDED:
            raise CommandError(f"Report run {run.pk} failed: {run.error}")
        artifact = run.artifacts.get(kind=ReportArtifact.Kind.PDF)
        if options.get("data_output"):
            data = run.artifacts.get(kind=ReportArtifact.Kind.CSV_ZIP)
            with data.file.open("rb") as source:
                Path(options["data_output"]).write_bytes(source.read())
            self.stdout.write(
                f"Report run {run.pk}: data written to {options['data_output']} ({data.size} bytes, "
                f"sha256 {data.sha256})"
            )
        if output:
            path = Path(output)
            with artifact.file.open("rb") as source:
                path.write_bytes(source.read())
            self.stdout.write(
                f"Report run {run.pk}: PDF written to {path} ({artifact.size} bytes, sha256 {artifact.sha256})"
            )
        else:
            self.stdout.write(
                f"Report run {run.pk}: PDF stored as {artifact.file.name} ({artifact.size} bytes, sha256 {artifact.sha256})"
            )
