"""The public portal: what anyone can read without logging in. URLs are Spanish and stable.

The pages of each app, then the open data and feeds (``opendata/urls.py``), all in the ``public``
namespace."""

from django.urls import path
from django.views.decorators.http import require_safe

from cocreation import views as cocreation_views
from commitments import views as commitment_views
from opendata import urls as opendata_urls
from sessions import views as session_views
from stl_portal import search, site, views
from workgroups import views as workgroup_views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("buscar/", search.search_page, name="search"),
    path("manifest.webmanifest", site.manifest, name="manifest"),
    path("compromisos/", commitment_views.commitment_list, name="commitment_list"),
    path("compromisos/<slug:identifier>/", commitment_views.commitment_detail, name="commitment_detail"),
    path("compromisos/<slug:identifier>/hitos/<int:order>/evidencia", commitment_views.milestone_evidence,
         name="milestone_evidence"),
    path("ejes/", commitment_views.axis_list, name="axis_list"),
    path("ejes/<slug:identifier>/", commitment_views.axis_detail, name="axis_detail"),
    path("plan/", commitment_views.plan_list, name="plan_list"),
    path("plan/<slug:identifier>/", commitment_views.plan_detail, name="plan_detail"),
    path("plan/<slug:identifier>/tablero/", commitment_views.plan_dashboard, name="plan_dashboard"),
    path("plan/<slug:identifier>/tablero.csv", commitment_views.plan_dashboard_csv, name="plan_dashboard_csv"),
    path("sesiones/", session_views.session_list, name="session_list"),
    path("sesiones/<slug:identifier>/", session_views.session_detail, name="session_detail"),
    path("sesiones/<slug:identifier>/acta", session_views.session_minutes, name="session_minutes"),
    path("sesiones/<slug:identifier>/acta-del-registro.pdf", session_views.session_minutes_pdf,
         name="session_minutes_pdf"),
    path("acuerdos/", session_views.agreement_list, name="agreement_list"),
    path("acuerdos/<slug:identifier>/", session_views.agreement_detail, name="agreement_detail"),
    path("documentos/", session_views.document_list, name="document_list"),
    path("documentos/<slug:identifier>/", session_views.document_detail, name="document_detail"),
    path("documentos/<slug:identifier>/versiones/<int:number>/archivo", session_views.document_version_file,
         name="document_version_file"),
    path("compromisos/<slug:identifier>/informe-de-fin.json", cocreation_views.end_report_json,
         name="end_report_json"),
    path("plan/<slug:identifier>/informe-de-inicio.json", cocreation_views.inception_report_json,
         name="inception_report_json"),
    path("consultas/", cocreation_views.consultation_list, name="consultation_list"),
    path("consultas/<slug:identifier>/", cocreation_views.consultation_detail, name="consultation_detail"),
    path("organos/", workgroup_views.body_list, name="body_list"),
    path("organos/<slug:identifier>/", workgroup_views.body_detail, name="body_detail"),
    path("organos/<slug:identifier>/logotipo", workgroup_views.stl_logo, name="stl_logo"),
    *opendata_urls.urlpatterns,
]

# Nothing public changes anything: GET and HEAD only (405 otherwise).
for _pattern in urlpatterns:
    _pattern.callback = require_safe(_pattern.callback)
