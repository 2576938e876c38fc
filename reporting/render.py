"""A report's figures → HTML (templates/reporting/pdf/) → a tagged, accessible PDF with WeasyPrint."""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
    document, body = render_documents(context)
    return body if body_only else document


def render_documents(context):
    """(whole document for the PDF, body for the staff preview): the body is rendered once and shared."""
    # The report is written in English whatever the language of the person who asked for it.
    with translation.override("en"):
        body = render_to_string("reporting/pdf/_body.html", context)
        # The body is our own template's output, already escaped.
        document = render_to_string("reporting/pdf/report.html", {**context, "body": mark_safe(body)})
    return document, body


def static_roots():
    """The directories the PDF may read files from: the project's static files, and collectstatic's output."""
    roots = [Path(root) for root in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to data: URLs and files under the static directories.

    Charts are embedded as data: URLs and the stylesheet is a static file; nothing else is ever needed, so a
    stored narrative that slips markup past escaping still cannot read a local file or reach the network.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        raise ValueError(f"The report may not load {url[:100]!r}: only static files and data: URLs.")


def render_summary_html(context, language):
    """The executive summary alone, as a whole document in ``language`` (numbers from the same report)."""
    from .models import ReportKind

    with translation.override(language):
        return render_to_string(
            "reporting/pdf/summary.html",
            {**context, "language": language, "kind_label": str(ReportKind(context["report"].kind).label)},
        )


@functools.cache
def stylesheet(mtime_ns):
    """The report stylesheet, parsed once per process (and again only when the file changes)."""
    return CSS(filename=str(STYLESHEET), url_fetcher=StaticOnlyURLFetcher())


def render_pdf(html):
    fetcher = StaticOnlyURLFetcher()
    # Relative URLs resolve inside the static directory, never the project directory.
    document = HTML(string=html, base_url=STYLESHEET.parent.parent.as_uri() + "/", url_fetcher=fetcher)
    css = stylesheet(STYLESHEET.stat().st_mtime_ns)
    return document.write_pdf(stylesheets=[css], pdf_variant=PDF_VARIANT)
