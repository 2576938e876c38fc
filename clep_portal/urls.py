"""The portal's URLs: one include per app and audience."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("grants.urls")),
    path("", include("reporting.urls")),
    path("", include("opendata.urls")),
    path("api/v1/", include("opendata.api.urls")),
    path("django-admin/", admin.site.urls),
]

# Uploaded files are never served from a public URL: each download goes through a view that checks
# the person may see it.

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
