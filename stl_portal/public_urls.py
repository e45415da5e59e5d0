"""The public portal: what anyone can read without logging in. URLs are Spanish and stable."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from commitments import views as commitment_views
from sessions import views as session_views
from stl_portal import calendars, feeds, opendata_views, views
from stl_portal.sitemaps import SITEMAPS
from workgroups import views as workgroup_views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("compromisos/", commitment_views.commitment_list, name="commitment_list"),
    path("compromisos/canal.atom", feeds.commitment_feed, name="commitment_feed"),
    path("compromisos/<slug:identifier>/", commitment_views.commitment_detail, name="commitment_detail"),
    path("compromisos/<slug:identifier>/hitos/<int:order>/evidencia", commitment_views.milestone_evidence,
         name="milestone_evidence"),
    path("ejes/", commitment_views.axis_list, name="axis_list"),
    path("ejes/<slug:identifier>/", commitment_views.axis_detail, name="axis_detail"),
    path("ejes/<slug:identifier>/calendario.ics", calendars.axis_sessions, name="axis_calendar"),
    path("plan/", commitment_views.plan_list, name="plan_list"),
    path("plan/<slug:identifier>/", commitment_views.plan_detail, name="plan_detail"),
    path("sesiones/", session_views.session_list, name="session_list"),
    path("sesiones/<slug:identifier>/", session_views.session_detail, name="session_detail"),
    path("sesiones/<slug:identifier>/acta", session_views.session_minutes, name="session_minutes"),
    path("acuerdos/", session_views.agreement_list, name="agreement_list"),
    path("acuerdos/canal.atom", feeds.agreement_feed, name="agreement_feed"),
    path("acuerdos/<slug:identifier>/", session_views.agreement_detail, name="agreement_detail"),
    path("documentos/", session_views.document_list, name="document_list"),
    path("documentos/<slug:identifier>/", session_views.document_detail, name="document_detail"),
    path("documentos/<slug:identifier>/versiones/<int:number>/archivo", session_views.document_version_file,
         name="document_version_file"),
    path("organos/", workgroup_views.body_list, name="body_list"),
    path("organos/<slug:identifier>/", workgroup_views.body_detail, name="body_detail"),
    path("organos/<slug:identifier>/calendario.ics", calendars.body_sessions, name="body_calendar"),
    path("calendario.ics", calendars.all_sessions, name="calendar"),
    path("datos/", opendata_views.index, name="opendata"),
    path("datos/registro-publico.json", opendata_views.public_record, name="opendata_public_record"),
    path("datos/popolo.json", opendata_views.popolo, name="opendata_popolo"),
    path("datos/popolo/<slug:part>.json", opendata_views.popolo_part, name="opendata_popolo_part"),
    path("datos/<slug:slug>.json", opendata_views.dataset_json, name="opendata_json"),
    path("datos/<slug:slug>.csv", opendata_views.dataset_csv, name="opendata_csv"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Nothing public changes anything: GET and HEAD only (405 otherwise).
for _pattern in urlpatterns:
    _pattern.callback = require_safe(_pattern.callback)
