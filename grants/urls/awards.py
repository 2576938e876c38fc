"""URLs of the awards topic (filled in by its feature)."""

urlpatterns = []
