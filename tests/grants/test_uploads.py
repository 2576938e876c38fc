"""Uploads are accepted by their content, not their name: PDF, DOCX, XLSX, PNG, JPEG up to 10 MB."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from grants.uploads import DOCX, JPEG, MAX_UPLOAD_BYTES, PDF, PNG, XLSX, UploadRefused, check_upload

from .conftest import PDF_BYTES, PNG_BYTES, office_bytes


def upload(content, name="file.bin"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, JPEG),
        (office_bytes("word/"), DOCX),
        (office_bytes("xl/"), XLSX),
    ],
)
def test_allowed_kinds_are_recognised_by_content_whatever_the_name(content, expected):
    assert check_upload(upload(content, "misleading.txt")).content_type == expected


def test_a_renamed_executable_is_refused():
    with pytest.raises(UploadRefused, match="not accepted"):
        check_upload(upload(b"MZ\x90\x00" + b"\x00" * 40, "letter.pdf"))


def test_a_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/slide1.xml", "<slide/>")
    with pytest.raises(UploadRefused):
        check_upload(upload(buffer.getvalue(), "deck.docx"))


def test_a_truncated_zip_is_refused():
    with pytest.raises(UploadRefused):
        check_upload(upload(office_bytes()[:30], "broken.docx"))


def test_files_over_ten_megabytes_are_refused_and_empty_files_too():
    with pytest.raises(UploadRefused, match="10 MB"):
        check_upload(upload(PDF_BYTES + b"0" * MAX_UPLOAD_BYTES, "big.pdf"))
    with pytest.raises(UploadRefused, match="empty"):
        check_upload(upload(b"", "empty.pdf"))


@given(st.binary(min_size=1, max_size=512))
def test_arbitrary_bytes_are_accepted_only_with_a_known_signature(data):
    signatures = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
    try:
        result = check_upload(upload(data))
    except UploadRefused:
        assert not data.startswith(signatures)
    else:
        assert data.startswith(signatures) or data.startswith(b"PK\x03\x04")
        assert result.size == len(data)


@given(st.sampled_from([PDF_BYTES, PNG_BYTES]), st.binary(max_size=256))
def test_trailing_content_does_not_change_the_verdict(prefix, tail):
    assert check_upload(upload(prefix + tail)).content_type in {PDF, PNG}
