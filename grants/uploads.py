"""What files applicants may upload: checked by their content (magic bytes), not by their name.

Accepted: PDF, DOCX, XLSX, PNG and JPEG, up to 10 MB. A DOCX or XLSX is a zip archive holding
``[Content_Types].xml`` and a ``word/`` or ``xl/`` folder, unpacking to at most 200 MB and at most 100 times
its packed size (a "zip bomb" is refused); any other zip is refused. A file is stored and downloaded under a
name whose extension comes from the detected type, never from the name it was uploaded with.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PACKING_RATIO = 100
MAX_ARCHIVE_ENTRIES = 5000

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}


class UploadRefused(ValueError):
    """The file is not accepted; the message says why, for the person who uploaded it."""


def stored_name(uploaded_name, content_type):
    """The name a file is stored and downloaded under: the uploaded stem, the detected type's extension.

    "report.exe" holding a PDF → "report.pdf"; "page.html" starting with %PDF- → "page.pdf".
    """
    stem = PurePath(str(uploaded_name or "").replace("\\", "/")).stem.replace(".", "_")
    stem = get_valid_filename(stem)[:100] if stem.strip(" ._-") else ""
    return (stem or "file") + EXTENSIONS.get(content_type, ".bin")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    name: str = "file"


def sniff_content_type(head: bytes, data=None):
    """The content type of a file from its first bytes (and, for zips, its table of contents); None if not allowed."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and data is not None:
        return _office_type(data)
    return None


class _ArchiveTooLarge(Exception):
    pass


def _office_type(data):
    try:
        with zipfile.ZipFile(data) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    packed = max(data.getbuffer().nbytes if isinstance(data, io.BytesIO) else 0, 1)
    unpacked = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ARCHIVE_ENTRIES
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_PACKING_RATIO * packed
    ):
        raise _ArchiveTooLarge
    names = [entry.filename for entry in entries]
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def check_upload(uploaded_file):
    """Check an uploaded file (anything with ``size``, ``read`` and ``seek``); raise UploadRefused with the reason."""
    size = uploaded_file.size
    if size is None or size > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 10 MB. Make it smaller or split it, then try again."))
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    data = None
    if head.startswith(b"PK\x03\x04"):
        uploaded_file.seek(0)
        data = io.BytesIO(uploaded_file.read())
    uploaded_file.seek(0)
    try:
        content_type = sniff_content_type(head, data)
    except _ArchiveTooLarge:
        raise UploadRefused(
            _(
                "This document unpacks to far more than its size (over 200 MB or 100 times larger). "
                "Save it again from Word or Excel, or upload it as a PDF."
            )
        ) from None
    if content_type is None:
        raise UploadRefused(
            _("This kind of file is not accepted. Upload a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file.")
        )
    return CheckedUpload(
        content_type=content_type,
        size=size,
        name=stored_name(getattr(uploaded_file, "name", ""), content_type),
    )
