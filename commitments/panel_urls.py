"""Member panel routes of the commitments app (included by stl_portal.panel_urls, namespace panel,
at /panel/compromisos/)."""

from django.urls import path

from . import panel_views as views

urlpatterns = [
    path("", views.commitment_list, name="commitment_list"),
    path("nuevo/", views.commitment_create, name="commitment_create"),
    path("avance-por-archivo/", views.bulk_progress, name="bulk_progress"),
    path("avance-por-archivo/plantilla.csv", views.bulk_progress_template, name="bulk_progress_template"),
    path("avance-por-archivo/guardar/", views.bulk_progress_confirm, name="bulk_progress_confirm"),
    path("cambios/<slug:identifier>/", views.commitment_change_detail, name="commitment_change_detail"),
    path("cambios/<slug:identifier>/retirar/", views.commitment_change_withdraw, name="commitment_change_withdraw"),
    path("<slug:identifier>/", views.commitment_detail, name="commitment_detail"),
    path("<slug:identifier>/editar/", views.commitment_edit, name="commitment_edit"),
    path("<slug:identifier>/enviar/", views.commitment_submit, name="commitment_submit"),
    path("<slug:identifier>/regresar/", views.commitment_return_to_draft, name="commitment_return_to_draft"),
    path("<slug:identifier>/publicar/", views.commitment_publish, name="commitment_publish"),
    path("<slug:identifier>/retirar/", views.commitment_withdraw, name="commitment_withdraw"),
    path("<slug:identifier>/cambios/nuevo/", views.commitment_change_create, name="commitment_change_create"),
    path("<slug:identifier>/hitos/nuevo/", views.milestone_create, name="milestone_create"),
    path("hitos/<slug:identifier>/editar/", views.milestone_edit, name="milestone_edit"),
    path("hitos/<slug:identifier>/avance/", views.milestone_progress, name="milestone_progress"),
]
