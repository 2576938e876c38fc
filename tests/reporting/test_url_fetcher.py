"""Finding 7 of the security audit: the PDF renderer reads static files and data: URLs only.

A stored narrative that tries to pull in a local file (file://) or a network resource (http://) gets neither:
the template escapes it, and even raw markup reaching WeasyPrint is refused by the restricted URL fetcher.
"""

import base64
import http.server
import io
import threading

import pytest
from PIL import Image

from reporting.models import ReportArtifact, ReportNarrative
from reporting.render import STYLESHEET, StaticOnlyURLFetcher, render_pdf
from reporting.services import create_run, generate


@pytest.fixture
def secret_png(tmp_path):
    path = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(path)
    return path


@pytest.fixture
def http_server():
    """A local HTTP server that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def image_count(pdf):
    return pdf.count(b"/Subtype /Image")


def attack_markup(secret_png, base):
    return (
        f'<img src="{secret_png.as_uri()}" alt="x">'
        f'<img src="{base}/pixel.png" alt="y">'
        f'<link rel="stylesheet" href="{base}/evil.css">'
        '<img src="file:///etc/passwd" alt="z">'
        '<img src="../../../../../etc/passwd" alt="w">'
    )


def test_the_fetcher_refuses_files_outside_static_and_the_network(secret_png, http_server):
    base, hits = http_server
    fetcher = StaticOnlyURLFetcher()
    for url in [secret_png.as_uri(), "file:///etc/passwd", f"{base}/x.css", "ftp://127.0.0.1/x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert hits == []
    assert fetcher.fetch(STYLESHEET.as_uri()).read().startswith(STYLESHEET.read_bytes()[:20])
    pixel = base64.b64encode(secret_png.read_bytes()).decode()
    assert fetcher.fetch(f"data:image/png;base64,{pixel}").read() == secret_png.read_bytes()


def test_raw_markup_reaching_weasyprint_loads_nothing(secret_png, http_server):
    base, hits = http_server
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buffer, format="PNG")
    allowed = f'<img src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}" alt="ok">'
    html = f'<html lang="en"><head><title>t</title></head><body><p>x</p>{allowed}{attack_markup(secret_png, base)}</body></html>'
    pdf = render_pdf(html)
    assert hits == []
    assert image_count(pdf) == 1  # the data: URL only


def test_a_narrative_that_tries_file_and_http_urls(
    report_data, program_manager, monkeypatch, secret_png, http_server
):
    base, hits = http_server
    monkeypatch.setattr("reporting.charts.report_charts", lambda report: {})
    markup = attack_markup(secret_png, base)
    ReportNarrative.objects.create(
        funding_round=report_data["round"],
        kind="final",
        summary=markup,
        highlights=markup,
        recommendations=markup,
    )
    run = generate(create_run("final", report_data["round"], {}, by=program_manager).pk)
    assert run.status == run.Status.SUCCEEDED, run.error
    pdf = run.artifacts.get(kind=ReportArtifact.Kind.PDF).file.read()
    assert hits == []
    assert image_count(pdf) == 0
