"""Legislative reports: staff pages and the public reports page."""

app_name = "reporting"

urlpatterns = []
