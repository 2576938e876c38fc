"""File downloads: never from a public URL, always through a view that checks who may see the file."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from portal.errors import FileMissing

from ..models import Attachment, Partner
from ..uploads import stored_name
from .access import permission_required


def send_file(field_file, name, content_type=None):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise FileMissing from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def _attachment(request, attachment_id, **kwargs):
    return get_object_or_404(
        Attachment.objects.select_related("application"), pk=attachment_id, removed_at__isnull=True
    )


def _partner(request, partner_id, **kwargs):
    return get_object_or_404(Partner.objects.select_related("application"), pk=partner_id)


@permission_required("file.download", _attachment)
def attachment_download(request, attachment_id):
    """An application's attachment, for the organization's members and program staff (404 for anyone else)."""
    attachment = _attachment(request, attachment_id)
    name = stored_name(attachment.original_name, attachment.content_type)
    return send_file(attachment.file, name, attachment.content_type)


@permission_required("file.download", _partner)
def commitment_letter_download(request, partner_id):
    partner = _partner(request, partner_id)
    if not partner.commitment_letter:
        raise Http404
    return send_file(partner.commitment_letter, partner.commitment_letter.name.rsplit("/", 1)[-1])
