"""What files applicants may upload: checked by their content (magic bytes), not by their name.

Accepted: PDF, DOCX, XLSX, PNG and JPEG, up to 10 MB. A DOCX or XLSX is a zip archive holding
``[Content_Types].xml`` and a ``word/`` or ``xl/`` folder; any other zip is refused.
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadRefused(ValueError):
    """The file is not accepted; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int


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


def _office_type(data):
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
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
    content_type = sniff_content_type(head, data)
    if content_type is None:
        raise UploadRefused(
            _("This kind of file is not accepted. Upload a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file.")
        )
    return CheckedUpload(content_type=content_type, size=size)
