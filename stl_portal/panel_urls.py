"""The member panel at /panel/ (issue 3)."""

app_name = "panel"

urlpatterns = []
