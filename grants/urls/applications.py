"""URLs of the applications topic: the public self-check, the applicant's application, file downloads."""

from django.urls import path

from ..views import downloads
from ..views.applicant import applications as applicant
from ..views.public import eligibility as public

urlpatterns = [
    path("eligibility/", public.self_check, name="self_check"),
    path("my/applications/start/", applicant.application_start, name="application_start"),
    path("my/applications/<int:application_id>/", applicant.application_detail, name="application_detail"),
    path(
        "my/applications/<int:application_id>/step/<slug:step>/",
        applicant.application_step,
        name="application_step",
    ),
    path(
        "my/applications/<int:application_id>/autosave/<slug:step>/",
        applicant.application_autosave,
        name="application_autosave",
    ),
    path(
        "my/applications/<int:application_id>/submit/",
        applicant.application_submit,
        name="application_submit",
    ),
    path(
        "my/applications/<int:application_id>/withdraw/",
        applicant.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "my/applications/<int:application_id>/attachments/<int:attachment_id>/remove/",
        applicant.attachment_remove,
        name="attachment_remove",
    ),
    path("files/attachments/<int:attachment_id>/", downloads.attachment_download, name="attachment_download"),
    path(
        "files/letters/<int:partner_id>/",
        downloads.commitment_letter_download,
        name="commitment_letter_download",
    ),
]
