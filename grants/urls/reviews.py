"""URLs of the reviews topic (filled in by its feature)."""

urlpatterns = []
