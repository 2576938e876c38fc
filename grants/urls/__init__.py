"""The grants app's URLs, one list per topic, all in the ``grants`` namespace."""

from . import applications, awards, home, invoices, organizations, quarterly, reviews, screening

app_name = "grants"

urlpatterns = [
    *home.urlpatterns,
    *organizations.urlpatterns,
    *applications.urlpatterns,
    *screening.urlpatterns,
    *reviews.urlpatterns,
    *awards.urlpatterns,
    *quarterly.urlpatterns,
    *invoices.urlpatterns,
]
