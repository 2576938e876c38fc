from django.urls import path

from ..views.applicant import organizations as applicant

urlpatterns = [
    path("my/", applicant.applicant_home, name="applicant_home"),
    path("my/organizations/new/", applicant.organization_create, name="organization_create"),
    path(
        "my/organizations/<int:organization_id>/", applicant.organization_detail, name="organization_detail"
    ),
    path(
        "my/organizations/<int:organization_id>/edit/", applicant.organization_edit, name="organization_edit"
    ),
    path("my/organizations/<int:organization_id>/invite/", applicant.member_invite, name="member_invite"),
    path(
        "my/organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke/",
        applicant.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", applicant.invitation_accept, name="invitation_accept"),
]
