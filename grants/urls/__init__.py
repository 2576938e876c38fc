"""The grants app's URLs, one list per topic, all in the ``grants`` namespace."""

from . import organizations

app_name = "grants"

urlpatterns = [
    *organizations.urlpatterns,
]
