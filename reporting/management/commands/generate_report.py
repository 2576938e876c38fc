"""Generate a legislative report synchronously (the same work as the Celery task) and write its PDF."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import FundingRound
from grants.services.errors import ServiceError
from reporting.models import ReportArtifact, ReportKind, ReportRun
from reporting.services import create_run, generate, report_parameters


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
            "--round", required=True, dest="round_slug", help="funding round slug, e.g. clep-2021"
        )
        parser.add_argument("--as-of", help="preliminary report: status as of this date (YYYY-MM-DD)")
        parser.add_argument("--period-start", help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--period-end", help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--year", type=int, help="biennial report: the odd year, e.g. 2023")
        parser.add_argument("--output", help="write the PDF to this file")

    def handle(self, *args, kind, round_slug, as_of, period_start, period_end, year, output, **options):
        funding_round = FundingRound.objects.filter(slug=round_slug).first()
        if funding_round is None:
            slugs = ", ".join(FundingRound.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No funding round {round_slug!r}. Rounds: {slugs or 'none'}.")
        try:
            parameters = report_parameters(
                kind,
                funding_round,
                as_of=_date(as_of) if as_of else None,
                period_start=_date(period_start) if period_start else None,
                period_end=_date(period_end) if period_end else None,
                year=year,
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        run = generate(create_run(kind, funding_round, parameters).pk)
        if run.status != ReportRun.Status.SUCCEEDED:
            raise CommandError(f"Report run {run.pk} failed: {run.error}")
        artifact = run.artifacts.get(kind=ReportArtifact.Kind.PDF)
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
