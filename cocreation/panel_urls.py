"""Member panel routes of co-creation (included by stl_portal.panel_urls, namespace panel)."""

from django.urls import path

from . import panel_views as views

urlpatterns = [
    path("consultas/", views.consultation_list, name="consultation_list"),
    path("consultas/nueva/", views.consultation_create, name="consultation_create"),
    path("consultas/<slug:identifier>/", views.consultation_detail, name="consultation_detail"),
    path("consultas/<slug:identifier>/editar/", views.consultation_edit, name="consultation_edit"),
    path("consultas/<slug:identifier>/publicar/", views.consultation_publish, name="consultation_publish"),
    path("aportaciones/<slug:identifier>/moderar/", views.input_moderate, name="input_moderate"),
    path("aportaciones/<slug:identifier>/responder/", views.input_answer, name="input_answer"),
    path("evaluaciones/", views.assessment_list, name="assessment_list"),
    path("evaluaciones/nueva/<slug:commitment>/", views.assessment_create, name="assessment_create"),
    path("evaluaciones/<slug:identifier>/editar/", views.assessment_edit, name="assessment_edit"),
    path("instituciones/sucesion/", views.institution_succession, name="institution_succession"),
    path("informes-ogp/fin/<slug:commitment>/", views.end_report, name="end_report"),
    path("informes-ogp/inicio/<slug:plan>/", views.inception, name="inception_report"),
]
