"""Activity reports at /informes/ (issue 5)."""

app_name = "reports"

urlpatterns = []
