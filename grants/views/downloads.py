"""File downloads: never from a public URL, always through a view that checks who may see the file."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.mfa import is_mfa_satisfied
from accounts.permissions import STAFF_ROLES
from portal.errors import FileMissing

from ..models import Attachment, Membership, Partner
from ..uploads import stored_name


def _may_see(request, organization_id):
    user = request.user
    if not user.is_authenticated:
        return False
    if user.role in STAFF_ROLES and is_mfa_satisfied(request):
        return True
    return Membership.objects.filter(user=user, organization_id=organization_id, is_active=True).exists()


def _send(field_file, name, content_type=None):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise FileMissing from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def attachment_download(request, attachment_id):
    """An application's attachment, for the organization's members and program staff (404 for anyone else)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("application"), pk=attachment_id, removed_at__isnull=True
    )
    if not _may_see(request, attachment.application.organization_id):
        raise Http404
    name = stored_name(attachment.original_name, attachment.content_type)
    return _send(attachment.file, name, attachment.content_type)


def commitment_letter_download(request, partner_id):
    partner = get_object_or_404(Partner.objects.select_related("application"), pk=partner_id)
    if not partner.commitment_letter or not _may_see(request, partner.application.organization_id):
        raise Http404
    return _send(partner.commitment_letter, partner.commitment_letter.name.rsplit("/", 1)[-1])
