"""Member panel routes of the sessions app (included by stl_portal.panel_urls, namespace panel)."""

from django.urls import path

from . import panel_views as views

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nueva/", views.session_create, name="session_create"),
    path("aprobar-compromiso/<slug:identifier>/", views.approve_commitment, name="approve_commitment"),
    path("<slug:identifier>/", views.session_detail, name="session_detail"),
    path("<slug:identifier>/editar/", views.session_edit, name="session_edit"),
    path("<slug:identifier>/asistencia/", views.session_attendance, name="session_attendance"),
    path("<slug:identifier>/acuerdos/nuevo/", views.agreement_create, name="agreement_create"),
    path("<slug:identifier>/acuerdos/<slug:agreement>/editar/", views.agreement_edit, name="agreement_edit"),
    path("<slug:identifier>/documentos/nuevo/", views.draft_version_create, name="draft_version_create"),
    path("<slug:identifier>/convocar/", views.session_announce, name="session_announce"),
    path("<slug:identifier>/celebrada/", views.session_mark_held, name="session_mark_held"),
    path("<slug:identifier>/descartar/", views.session_discard, name="session_discard"),
    path("<slug:identifier>/acta/circular/", views.minutes_circulate, name="minutes_circulate"),
    path("<slug:identifier>/acta/publicar/", views.minutes_publish, name="minutes_publish"),
    path("<slug:identifier>/acta/observacion/", views.minutes_remark, name="minutes_remark"),
    path("<slug:identifier>/orden-del-dia/proponer/", views.agenda_propose, name="agenda_propose"),
    path("<slug:identifier>/orden-del-dia/<int:item>/incluir/", views.agenda_include, name="agenda_include"),
    path("<slug:identifier>/fe-de-erratas/nueva/", views.correction_create, name="correction_create"),
]
