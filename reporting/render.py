"""A report's figures → HTML (templates/reporting/pdf/) → a tagged, accessible PDF with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = settings.BASE_DIR / "static" / "css" / "report_pdf.css"


def table_of_contents(report):
    """(anchor, title) of each chapter, in the order the template prints them."""
    toc = [("summary", "Summary of findings" if report.outcomes else "Summary"), ("background", "Background")]
    if report.selection:
        toc += [
            ("screening", "How applications were solicited and screened"),
            ("recipients", "Selected grant recipients"),
            ("coverage", "Geographic coverage"),
            ("guidelines", "Reporting guidelines"),
        ]
    if report.outcomes:
        toc += [
            ("crime", "Crime rates and a comparison"),
            ("perceptions", "Perceptions of and engagement with law enforcement"),
            ("perceptions-by-grantee", "Perceptions by grantee"),
        ]
        if report.by_round:
            toc.append(("rounds", "Implementation by round"))
        toc += [
            ("funds", "Grantees and funds"),
            ("activities", "Activities"),
            ("goals", "Progress against goals"),
            ("completeness", "Data completeness"),
            ("highlights", "Selected highlights"),
        ]
    toc.append(("methodology", "Methodology and limitations"))
    toc.append(("recommendations", "Recommendations" if report.outcomes else "Next steps"))
    if report.outcomes:
        toc.append(("appendix", "Appendix: data tables"))
    return toc


def report_context(report, charts, funding_round, *, run_id=None, generated_on=None):
    generated_on = generated_on or timezone.localdate()
    return {
        "report": report,
        "charts": charts,
        "round": funding_round,
        "toc": table_of_contents(report),
        "run_id": run_id,
        "generated_on": f"{generated_on:%B %-d, %Y}",
    }


def render_html(context, *, body_only=False):
    """The whole document (for the PDF), or only its body (for the staff preview page)."""
    template = "reporting/pdf/_body.html" if body_only else "reporting/pdf/report.html"
    # The report is written in English whatever the language of the person who asked for it.
    with translation.override("en"):
        return render_to_string(template, context)


def render_summary_html(context, language):
    """The executive summary alone, as a whole document in ``language`` (numbers from the same report)."""
    from .models import ReportKind

    with translation.override(language):
        return render_to_string(
            "reporting/pdf/summary.html",
            {**context, "language": language, "kind_label": str(ReportKind(context["report"].kind).label)},
        )


def render_pdf(html):
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant=PDF_VARIANT)
