"""Applicant pages: their organizations and the people in them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.organizations import InvitationForm, OrganizationForm
from ...models import Invitation
from ...selectors import applications as application_selectors
from ...selectors import organizations as selectors
from ...services import ServiceError
from ...services import organizations as services
from ..access import organization_in_url, permission_required, refusal_response


@permission_required("applicant.home")
def applicant_home(request):
    memberships = selectors.memberships_of(request.user)
    return render(
        request,
        "grants/applicant/home.html",
        {"memberships": memberships, "applications": application_selectors.applications_of(request.user)},
    )


@permission_required("organization.create")
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.create_organization(by=request.user, **form.cleaned_data)
        messages.success(request, _("Your organization profile was created."))
        return redirect("grants:organization_detail", organization_id=organization.pk)
    return render(request, "grants/applicant/organization_form.html", {"form": form, "is_new": True})


@permission_required("organization.view", organization_in_url)
def organization_detail(request, organization_id):
    membership = selectors.membership_or_404(request.user, organization_id)
    organization = membership.organization
    return render(
        request,
        "grants/applicant/organization_detail.html",
        {
            "organization": organization,
            "membership": membership,
            "members": selectors.members_of(organization),
            "invitations": selectors.open_invitations(organization) if membership.is_owner else [],
            "invite_form": InvitationForm() if membership.is_owner else None,
        },
    )


@permission_required("organization.edit", organization_in_url)
def organization_edit(request, organization_id):
    membership = selectors.membership_or_404(request.user, organization_id)
    form = OrganizationForm(request.POST or None, instance=membership.organization)
    if request.method == "POST" and form.is_valid():
        organization = form.save(commit=False)
        organization._change_reason = "Profile edited"
        organization.save()
        messages.success(request, _("Your changes were saved."))
        return redirect("grants:organization_detail", organization_id=organization.pk)
    return render(request, "grants/applicant/organization_form.html", {"form": form, "is_new": False})


@permission_required("organization.manage_members", organization_in_url)
def member_invite(request, organization_id):
    membership = selectors.membership_or_404(request.user, organization_id)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(membership.organization, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("grants:organization_detail", organization_id=organization_id)
    return render(
        request,
        "grants/applicant/member_invite.html",
        {"form": form, "organization": membership.organization},
    )


@permission_required("organization.manage_members", organization_in_url)
@require_POST
def invitation_revoke(request, organization_id, invitation_id):
    membership = selectors.membership_or_404(request.user, organization_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=membership.organization)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation was cancelled."))
    return redirect("grants:organization_detail", organization_id=organization_id)


def invitation_accept(request, token):
    """Anyone with the link sees what it is for; accepting needs a login with the invited email."""
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    refusal = refusal_response(request, "invitation.accept") if request.method == "POST" else None
    if refusal:
        return refusal
    if request.method == "POST":
        try:
            membership = services.accept_invitation(invitation, user=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You are now a member of %(organization)s.") % {"organization": membership.organization},
            )
            return redirect("grants:organization_detail", organization_id=membership.organization_id)
    return render(request, "grants/applicant/invitation_accept.html", {"invitation": invitation})
