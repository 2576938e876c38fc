import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from tests.factories import funding_round

# A busy CI machine must not turn a slow example into a failure: no per-example deadline.
hypothesis_settings.register_profile("grants", deadline=None)
hypothesis_settings.load_profile("grants")


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def open_round(db):
    """The 2021 pilot round, reopened around today so applications can be started and submitted."""
    funding_round_ = funding_round("clep-2021")
    today = timezone.localdate()
    funding_round_.opens_on = today - timedelta(days=10)
    funding_round_.closes_on = today + timedelta(days=30)
    funding_round_.save()
    return funding_round_


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_bytes(folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()
