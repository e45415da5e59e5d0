"""The member panel at /panel/ (issue 3).

Each app keeps its own panel routes; they all live in the ``panel`` namespace.
"""

from django.urls import include, path

app_name = "panel"

urlpatterns = [
    path("", include("workgroups.panel_urls")),
    path("sesiones/", include("sessions.panel_urls")),
    path("compromisos/", include("commitments.panel_urls")),
]
