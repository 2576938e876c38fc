"""URLs of the quarterly topic (filled in by its feature)."""

urlpatterns = []
