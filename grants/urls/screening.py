"""URLs of the screening topic (filled in by its feature)."""

urlpatterns = []
