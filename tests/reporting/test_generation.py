"""Generating a report: a tagged PDF whose text matches the database, CSV tables, failures, retries, publishing."""

import hashlib
import io
import zipfile
from decimal import Decimal

import pypdf
import pytest
from django.core.management import CommandError, call_command

from grants.services.errors import ServiceError
from reporting import services
from reporting.models import ReportArtifact, ReportRun
from reporting.services import create_run, generate, publish_run, report_parameters, request_report
from reporting.tables import format_value

pytestmark = pytest.mark.django_db


def pdf_text(run):
    artifact = run.artifacts.get(kind=ReportArtifact.Kind.PDF)
    with artifact.file.open("rb") as stored:
        reader = pypdf.PdfReader(io.BytesIO(stored.read()))
    return reader, " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def final_run(report_data):
    return generate(create_run("final", report_data["round"], {}).pk)


def test_final_report_pdf_names_every_grantee_with_totals_that_match_the_database(final_run, report_data):
    assert final_run.status == ReportRun.Status.SUCCEEDED, final_run.error
    _, text = pdf_text(final_run)

    outcomes_total = sum(a.amount for a in report_data["awards"])
    for award in report_data["awards"]:
        assert award.organization.legal_name in text
        assert award.organization.contact_email not in text
    assert format_value(outcomes_total, "money") in text
    from reporting.figures import build_report

    expended = build_report("final", report_data["round"], {}).outcomes.total_expended
    assert expended > 0
    assert format_value(expended, "money") in text
    assert "Page 1 of" not in text  # the cover has no running header or page number
    assert "Page 2 of" in text


def test_pdf_is_tagged_with_a_structure_tree_language_and_title(final_run):
    reader, _ = pdf_text(final_run)
    root = reader.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Final report")
    # Every chart is a Figure with alternate text.
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node)
        kids = node.get("/K")
        if isinstance(kids, pypdf.generic.ArrayObject):
            for kid in kids:
                if isinstance(kid, pypdf.generic.IndirectObject):
                    walk(kid)
        elif isinstance(kids, pypdf.generic.IndirectObject):
            walk(kids)

    walk(root["/StructTreeRoot"])
    assert figures
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_preliminary_report_pdf_lists_recipients_and_the_metric_catalog(report_data):
    run = generate(create_run("preliminary", report_data["round"], {"as_of": "2021-12-15"}).pk)
    assert run.status == ReportRun.Status.SUCCEEDED, run.error
    _, text = pdf_text(run)

    for award in report_data["awards"]:
        assert award.organization.legal_name in text
    assert "Yakima County Sheriff's Office" in text
    assert "Dialogue sessions" in text
    assert "Status as of December 15, 2021" in text


def test_artifacts_carry_size_and_sha256_and_the_zip_holds_every_table(final_run):
    files = {a.kind: a for a in final_run.artifacts.all()}
    # The executive summary is also published in Spanish and Tagalog (issue 11).
    assert set(files) == {"pdf", "summary-es", "summary-tl", "csv-zip", "html"}
    for artifact in files.values():
        with artifact.file.open("rb") as stored:
            content = stored.read()
        assert artifact.size == len(content)
        assert artifact.sha256 == hashlib.sha256(content).hexdigest()
    with files["csv-zip"].file.open("rb") as stored:
        names = zipfile.ZipFile(io.BytesIO(stored.read())).namelist()
    # The background's rounds table comes first now (issue 11: findings and background first).
    assert "01-funding-rounds.csv" in names
    assert any(name.endswith("grantees-and-funds.csv") for name in names)
    assert any(name.endswith("values-by-grantee-and-quarter.csv") for name in names)


def test_the_same_data_gives_the_same_data_tables(report_data, fast_render):
    first = generate(create_run("final", report_data["round"], {}).pk)
    second = generate(create_run("final", report_data["round"], {}).pk)
    assert first.artifacts.get(kind="csv-zip").sha256 == second.artifacts.get(kind="csv-zip").sha256


def test_a_failing_task_ends_as_a_failed_run_with_a_readable_error_and_no_files(
    report_data, fast_render, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("chart data has no quarters")

    monkeypatch.setattr("reporting.charts.report_charts", broken)
    run = generate(create_run("final", report_data["round"], {}).pk)

    assert run.status == ReportRun.Status.FAILED
    assert "chart data has no quarters" in run.error
    assert "Traceback" not in run.error
    assert run.finished_at is not None
    assert not run.artifacts.exists()


def test_a_failure_while_storing_leaves_no_half_artifacts(report_data, fast_render, monkeypatch, media):
    original = ReportArtifact.save
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(self.kind)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ReportArtifact, "save", fail_on_second)
    run = generate(create_run("final", report_data["round"], {}).pk)

    assert run.status == ReportRun.Status.FAILED
    assert "disk full" in run.error
    assert not ReportArtifact.objects.filter(run=run).exists()
    assert not list((media / "reports" / str(run.pk)).glob("*"))


def test_a_retried_or_duplicated_task_does_not_create_a_second_set_of_files(report_data, fast_render):
    final_run = generate(create_run("final", report_data["round"], {}).pk)
    from reporting.tasks import generate_report

    before = {a.kind: a.sha256 for a in final_run.artifacts.all()}
    assert generate_report.delay(final_run.pk).get() == ReportRun.Status.SUCCEEDED
    generate(final_run.pk)

    assert final_run.artifacts.count() == 5  # report, Spanish and Tagalog summaries, data, preview
    assert {a.kind: a.sha256 for a in final_run.artifacts.all()} == before


def test_a_duplicate_that_finishes_second_keeps_the_first_files(report_data, fast_render):
    run = create_run("final", report_data["round"], {})
    services._claim(run.pk)
    files = services.build_files(ReportRun.objects.get(pk=run.pk))
    services._store(run.pk, files.items())
    services._store(run.pk, files.items())
    assert ReportArtifact.objects.filter(run=run).count() == 5  # report, two summaries, data, preview


def test_request_report_queues_on_commit_and_the_eager_task_runs_it(
    report_data, program_manager, django_capture_on_commit_callbacks, fast_render
):
    with django_capture_on_commit_callbacks(execute=True):
        run = request_report("final", report_data["round"], {}, by=program_manager)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.requested_by == program_manager
    assert run.task_id


def test_publishing_supersedes_the_previous_run_of_the_same_kind_and_round(
    report_data, fast_render, program_manager
):
    first = generate(create_run("final", report_data["round"], {}).pk)
    second = generate(create_run("final", report_data["round"], {}).pk)
    preliminary = generate(create_run("preliminary", report_data["round"], {"as_of": "2021-12-15"}).pk)
    publish_run(first, by=program_manager)
    publish_run(preliminary, by=program_manager)
    publish_run(second, by=program_manager)

    first.refresh_from_db()
    second.refresh_from_db()
    preliminary.refresh_from_db()
    assert first.is_published and not first.is_current and first.superseded_at
    assert second.is_current and second.published_by == program_manager
    assert preliminary.is_current
    with pytest.raises(ServiceError):
        publish_run(second, by=program_manager)


def test_a_failed_run_cannot_be_published(report_data, program_manager):
    run = create_run("final", report_data["round"], {})
    with pytest.raises(ServiceError):
        publish_run(run, by=program_manager)


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("preliminary", {"year": 2023}, "not a period or a year"),
        ("biennial", {"year": 2022}, "odd year"),
        ("biennial", {}, "odd year"),
        ("final", {"period_start": "2023-01-01"}, "both the start and the end"),
    ],
)
def test_report_parameters_refuse_what_does_not_fit_the_kind(pilot, kind, options, message):
    from datetime import date

    options = {k: date.fromisoformat(v) if k.startswith("period") else v for k, v in options.items()}
    with pytest.raises(ServiceError, match=message):
        report_parameters(kind, pilot, **options)


def test_generate_report_command_writes_the_pdf(report_data, fast_render, tmp_path, capsys):
    output = tmp_path / "final.pdf"
    call_command("generate_report", "final", "--round", "clep-2021", "--output", str(output))

    assert output.read_bytes().startswith(b"%PDF")
    assert str(output) in capsys.readouterr().out
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.artifacts.get(kind="pdf").sha256 == hashlib.sha256(output.read_bytes()).hexdigest()


def test_generate_report_command_prints_the_stored_path_without_output(report_data, fast_render, capsys):
    call_command("generate_report", "biennial", "--round", "clep-2021", "--year", "2023")
    assert "reports/" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["final", "--round", "no-such-round"],
        ["final", "--round", "clep-2021", "--period-start", "2023-13-01", "--period-end", "2023-12-31"],
        ["final", "--round", "clep-2021", "--period-start", "2023-01-01"],
        ["biennial", "--round", "clep-2021", "--year", "2024"],
    ],
)
def test_generate_report_command_explains_bad_arguments(pilot, media, args):
    with pytest.raises(CommandError):
        call_command("generate_report", *args)
    assert not ReportRun.objects.exists()


def test_money_format():
    assert format_value(Decimal("1234.5"), "money") == "$1,234.50"
