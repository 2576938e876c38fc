"""The demo loader publishes a preliminary and a final report once, and does nothing without quarterly data."""

import pytest

from reporting import demo
from reporting.models import ReportArtifact, ReportNarrative, ReportRun

pytestmark = pytest.mark.django_db


def test_demo_does_nothing_without_awards(pilot, media):
    demo.load()
    assert not ReportRun.objects.exists()
    assert not ReportNarrative.objects.exists()


def test_demo_publishes_both_reports_once(report_data, program_manager, fast_render):
    demo.load()
    counts = (ReportRun.objects.count(), ReportArtifact.objects.count(), ReportNarrative.objects.count())
    demo.load()

    assert (
        ReportRun.objects.count(),
        ReportArtifact.objects.count(),
        ReportNarrative.objects.count(),
    ) == counts
    assert counts == (2, 10, 2)  # each run: report, Spanish and Tagalog summaries, data, preview (issue 11)
    preliminary = ReportRun.objects.get(kind="preliminary")
    final = ReportRun.objects.get(kind="final")
    assert preliminary.is_current and preliminary.parameters == {"as_of": "2021-12-15"}
    assert final.is_current and final.parameters == {"period_start": "2021-10-01", "period_end": "2023-09-30"}
    assert final.published_by == program_manager


def test_demo_keeps_narratives_staff_edited(report_data, program_manager, fast_render):
    from reporting.services import save_narrative

    save_narrative(report_data["round"], "final", by=program_manager, summary="Staff's own words.")
    demo.load()
    assert ReportNarrative.objects.get(kind="final").summary == "Staff's own words."
