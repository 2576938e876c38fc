"""Reports a legislator would cite: findings first, numbers from the read model and the analysis, crime rates with
a comparison (or a plain statement that there is none), every round of a biennium, summaries in Spanish and
Tagalog from the same run, and /reports/ grouped by statutory report."""

import io
import zipfile

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from grants.demo import statistics as demo_statistics
from grants.selectors.figures import program_figures
from reporting.analysis import program_analysis
from reporting.figures import biennium, build_report, rounds_active
from reporting.models import ReportArtifact, ReportRun
from reporting.services import create_run, generate, publish_run, report_parameters
from reporting.tables import format_value
from tests.factories import funding_round

pytestmark = pytest.mark.django_db


def pages(run, kind=ReportArtifact.Kind.PDF):
    artifact = run.artifacts.get(kind=kind)
    with artifact.file.open("rb") as stored:
        reader = pypdf.PdfReader(io.BytesIO(stored.read()))
    return reader, [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def summary_page(texts):
    return next(text for text in texts if "Summary of findings" in text and "What can and cannot be" in text)


@pytest.fixture
def final_with_statistics(report_data):
    demo_statistics.load()
    return generate(create_run("final", report_data["round"], {}).pk)


def test_executive_summary_states_the_read_model_s_and_the_analysis_numbers(
    final_with_statistics, report_data
):
    run = final_with_statistics
    assert run.status == ReportRun.Status.SUCCEEDED, run.error
    _, texts = pages(run)
    summary = summary_page(texts)
    pilot = report_data["round"]
    figures = program_figures(pilot, period_start=pilot.period_start, period_end=pilot.period_end)
    analysis = program_analysis(pilot)
    comparison = analysis.comparisons[pilot.slug]

    # Findings first: the summary is page 3, after the cover and the contents.
    assert texts.index(summary) == 2
    assert format_value(figures.totals.awarded, "money") in summary
    assert format_value(figures.totals.expended, "money") in summary
    assert f"awarded to {len(figures.awards)} grantees" in summary
    assert (
        f"{figures.completeness['due']} quarterly reports were due: {figures.completeness['on_time']} on time"
        in summary
    )
    assert f"The difference is {comparison.estimate:+.2f} per 1,000 residents" in summary
    assert f"(95% confidence interval {comparison.ci_low:+.2f} to {comparison.ci_high:+.2f})" in summary
    engagement = analysis.engagement.program
    assert f"{engagement.participants:,} participants" in summary
    assert f"{engagement.per_1000:,.2f} per 1,000 residents" in summary
    pooled = analysis.perceptions.pooled
    assert f"a change of {pooled.change_points:+.1f} percentage points" in summary
    # The law-enforcement rule: who applied, who was blocked, by whom.
    assert "1 law-enforcement agency applied; 0 eligible, 1 not eligible" in summary
    assert "Yakima County Sheriff's Office: blocked by Yakima Valley Unidos" in summary
    assert "Benton, Franklin, Spokane, Yakima" in summary
    assert "What can and cannot be concluded" in summary
    assert demo_statistics.SOURCE[:40] in " ".join(texts)


def test_crime_section_prints_the_estimate_interval_assumptions_and_sources(final_with_statistics):
    _, texts = pages(final_with_statistics)
    crime = next(
        text for text in texts if "Crime rates and a comparison" in text and "Funded counties" in text
    )
    assert "Funded counties" in crime and "Counties without an award" in crime
    whole = " ".join(texts)
    assert "Parallel trends" in whole
    assert "Population and offense counts by county and year:" in whole


def test_a_comparison_without_offense_data_says_so_and_does_not_fail(report_data):
    run = generate(create_run("final", report_data["round"], {}).pk)
    assert run.status == ReportRun.Status.SUCCEEDED, run.error
    _, texts = pages(run)
    summary = summary_page(texts)
    assert "no comparison of crime rates can be made (no county offense counts are on record" in summary


def test_summaries_in_spanish_and_tagalog_are_tagged_pdfs_with_the_same_numbers(final_with_statistics):
    run = final_with_statistics
    _, english = pages(run)
    english_summary = summary_page(english)
    for language, kind in (("es", "summary-es"), ("tl", "summary-tl")):
        reader, texts = pages(run, kind)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == language
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert len(texts) == 1  # one page
        report = build_report("final", run.funding_round, run.parameters)
        for number in (
            format_value(report.summary.awarded, "money"),
            format_value(report.summary.expended, "money"),
            f"{report.summary.crime[0].estimate:+.2f}",
            f"{report.summary.engagement.participants:,}",
        ):
            assert number in texts[0] and number in english_summary


def test_preliminary_report_states_the_reporting_guidelines_and_pluralises(report_data):
    run = generate(create_run("preliminary", report_data["round"], {"as_of": "2021-12-15"}).pk)
    _, texts = pages(run)
    whole = " ".join(texts)
    assert "1 was withdrawn." in whole and "1 were withdrawn" not in whole
    assert "Reporting guidelines" in whole
    for heading in ("Measures", "The perception survey", "Due dates", "How the data are checked"):
        assert heading in whole
    assert "Whole number (count)" in whole and "Quarterly" in whole
    assert "Respondents who trust law enforcement (%)" in whole
    assert "the first on 2022-01-30" in whole


def test_biennial_report_covers_every_round_active_in_the_biennium(report_data, media, tmp_path):
    second = funding_round("clep-2023")
    assert second.period_start and second.period_end
    output, data = tmp_path / "biennial.pdf", tmp_path / "biennial.zip"
    call_command("generate_report", "biennial", "--year", "2025", "--output", output, "--data-output", data)
    run = ReportRun.objects.get(kind="biennial")
    assert run.parameters["rounds"] == ["clep-2021", "clep-2023"]
    assert run.funding_round == second
    reader = pypdf.PdfReader(output)
    whole = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Implementation by round" in whole
    assert report_data["round"].name in whole and second.name in whole
    with zipfile.ZipFile(data) as bundle:
        assert any(name.endswith("implementation-by-round.csv") for name in bundle.namelist())


def test_biennial_parameters_refuse_several_rounds_for_other_kinds(pilot):
    from grants.services.errors import ServiceError

    with pytest.raises(ServiceError):
        report_parameters("final", pilot, rounds=[pilot, pilot])


def test_public_page_groups_reports_by_statutory_report_with_files_in_reading_order(
    client, report_data, program_manager
):
    pilot = report_data["round"]
    for kind, parameters in (
        ("preliminary", {"as_of": "2021-12-15"}),
        ("final", {}),
        ("biennial", {"year": 2025}),
    ):
        run = generate(create_run(kind, pilot, parameters).pk)
        publish_run(run, by=program_manager)
    content = client.get(reverse("reporting:public_reports")).content.decode()
    headings = [
        "Preliminary report (due 1 Jan 2022)",
        "Final report (due 1 Dec 2023)",
        "Biennial report 2025",
    ]
    positions = [content.index(h) for h in headings]
    assert positions == sorted(positions)
    final = ReportRun.objects.get(kind="final")
    links = [
        reverse("reporting:public_file", args=[final.pk, name])
        for name in ("report.pdf", "summary-es.pdf", "summary-tl.pdf", "data.zip")
    ]
    where = [content.index(link) for link in links]
    assert where == sorted(where)
    assert content.index(final.artifacts.get(kind="pdf").sha256) > where[-1]  # checksums after the files
    assert "Status as of" in content
    response = client.get(links[1])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_tables_print_whole_numbers_as_whole_numbers(report_data):
    report = build_report("final", report_data["round"], {})
    for table in report.tables:
        for row in table.display_rows:
            for value, numeric in row:
                if numeric and value.endswith(".00") and not value.startswith("$"):
                    pytest.fail(f"{table.key}: {value}")


def test_rounds_active_in_a_biennium_oldest_first(report_data):
    funding_round("clep-2023")
    assert [r.slug for r in rounds_active(*biennium(2025))] == ["clep-2021", "clep-2023"]
    assert [r.slug for r in rounds_active(*biennium(2029))] == []


def test_a_biennial_report_supersedes_only_the_same_year_s(report_data, program_manager, fast_render):
    pilot = report_data["round"]
    first = publish_run(generate(create_run("biennial", pilot, {"year": 2023}).pk), by=program_manager)
    second = publish_run(generate(create_run("biennial", pilot, {"year": 2025}).pk), by=program_manager)
    again = publish_run(generate(create_run("biennial", pilot, {"year": 2025}).pk), by=program_manager)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_current and again.is_current and not second.is_current
