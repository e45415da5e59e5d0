"""Member panel routes of the sessions app (included by stl_portal.panel_urls, namespace panel)."""

from django.urls import path

from . import panel_views as views

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nueva/", views.session_create, name="session_create"),
    path("<slug:identifier>/", views.session_detail, name="session_detail"),
    path("<slug:identifier>/editar/", views.session_edit, name="session_edit"),
    path("<slug:identifier>/asistencia/", views.session_attendance, name="session_attendance"),
    path("<slug:identifier>/acuerdos/nuevo/", views.agreement_create, name="agreement_create"),
    path("<slug:identifier>/acuerdos/<slug:agreement>/editar/", views.agreement_edit, name="agreement_edit"),
    path("<slug:identifier>/documentos/nuevo/", views.draft_version_create, name="draft_version_create"),
]
