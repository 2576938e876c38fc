"""URLs of the applications topic (filled in by its feature)."""

urlpatterns = []
