"""The member panel at /panel/ (issue 3): the start page and the history page of any record, which
span every app, then each app's own panel routes, all in the ``panel`` namespace."""

from django.urls import include, path

from stl_portal.history import history
from stl_portal.jobs_views import job_list
from stl_portal.panel_home import panel_home

app_name = "panel"

urlpatterns = [
    path("", panel_home, name="home"),
    path("historial/<str:model_label>/<slug:identifier>/", history, name="history"),
    path("trabajos/", job_list, name="job_list"),
    path("", include("workgroups.panel_urls")),
    path("sesiones/", include("sessions.panel_urls")),
    path("compromisos/", include("commitments.panel_urls")),
    path("", include("cocreation.panel_urls")),
]
