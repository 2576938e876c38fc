"""Findings 5 and 6 of the security audit: uploads named by their checked content, zip bombs refused, and an
applications import that stops cleanly on NUL bytes, enormous fields and enormous files; missing files 404."""

import io
import itertools
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from grants.imports import IMPORT_COLUMNS, CsvImportError, parse_applications_csv
from grants.services.applications import add_attachment
from grants.uploads import UploadRefused, check_upload
from tests.factories import ApplicationFactory, MembershipFactory

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

HEADER = ",".join(IMPORT_COLUMNS)
GOOD_ROW = 'R-{n},"Org {n}",nonprofit,Yakima,,yes,yes,yes,yes,yes,"$10,000",submitted'
COUNTIES = [("53077", "Yakima")]


@pytest.fixture
def draft():
    membership = MembershipFactory()
    application = ApplicationFactory(organization=membership.organization, status="draft")
    return application, membership.user


@pytest.mark.parametrize(
    ("uploaded_name", "content", "stored"),
    [
        ("report.exe", PDF_BYTES, "report.pdf"),
        ("page.html", PDF_BYTES + b"<html><script>alert(1)</script></html>", "page.pdf"),
        ("../../evil.svg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "evil.png"),
    ],
)
def test_an_upload_is_stored_and_downloaded_under_its_detected_type(
    client, draft, uploaded_name, content, stored
):
    application, member = draft
    attachment = add_attachment(
        application, uploaded_file=SimpleUploadedFile(uploaded_name, content), by=member
    )
    assert attachment.original_name == stored
    assert (
        attachment.file.name.rsplit("/", 1)[-1].split("_")[0].rsplit(".", 1)[-1] == stored.rsplit(".", 1)[-1]
    )
    client.force_login(member)
    response = client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert f'filename="{stored}"' in response["Content-Disposition"]


def zip_bomb(unpacked_bytes, folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(f"{folder}document.xml", "w") as entry:
            chunk = b"\x00" * (1 << 20)
            for _ in range(unpacked_bytes >> 20):
                entry.write(chunk)
    return buffer.getvalue()


def test_a_1_gib_zip_bomb_named_docx_is_refused():
    bomb = zip_bomb(1 << 30)
    assert len(bomb) < 10 * 1024 * 1024
    with pytest.raises(UploadRefused, match="unpacks to far more"):
        check_upload(SimpleUploadedFile("contract.docx", bomb))


def test_a_highly_compressed_xlsx_under_the_size_cap_is_refused_by_its_ratio():
    with pytest.raises(UploadRefused, match="unpacks to far more"):
        check_upload(SimpleUploadedFile("budget.xlsx", zip_bomb(20 << 20, folder="xl/")))


def test_a_nul_byte_is_a_clear_error():
    text = HEADER + "\n" + GOOD_ROW.format(n=1) + "\nR-2,Org\x00 2,nonprofit\n"
    with pytest.raises(CsvImportError, match="NUL byte") as error:
        parse_applications_csv(text, COUNTIES)
    assert error.value.line == 3


def test_a_field_over_the_csv_limit_is_a_clear_error():
    text = HEADER + "\n" + GOOD_ROW.format(n=1) + '\nR-2,"' + "x" * 200_000 + '",nonprofit\n'
    with pytest.raises(CsvImportError, match="longer than 131,072 characters"):
        parse_applications_csv(text, COUNTIES)


def test_a_million_row_file_is_refused_at_the_row_limit_without_reading_the_rest():
    read = itertools.count()

    def lines():
        yield HEADER + "\n"
        for n in range(1_000_000):
            next(read)
            yield GOOD_ROW.format(n=n) + "\n"

    with pytest.raises(CsvImportError, match="more than 100 applications"):
        parse_applications_csv(lines(), COUNTIES, max_rows=100)
    assert next(read) <= 102


def test_the_command_reports_bad_files_without_a_traceback(tmp_path):
    path = tmp_path / "applications.csv"
    path.write_bytes((HEADER + "\nR-1,Org\x001,nonprofit\n").encode())
    with pytest.raises(
        CommandError, match=r"line 2, column organization: contains a NUL byte.*Nothing was imported"
    ):
        call_command("import_applications", str(path), "--round", "clep-2021")
    path.write_text(HEADER + '\nR-1,"' + "x" * 200_000 + '"\n')
    with pytest.raises(CommandError, match="longer than"):
        call_command("import_applications", str(path), "--round", "clep-2021")


def test_an_attachment_missing_from_storage_is_a_404_with_a_message(client, draft):
    application, member = draft
    attachment = add_attachment(application, uploaded_file=SimpleUploadedFile("a.pdf", PDF_BYTES), by=member)
    default_storage.delete(attachment.file.name)
    client.force_login(member)
    response = client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404
    assert "missing from the portal" in response.content.decode()
