"""The public portal: what anyone can read without logging in."""

from django.urls import path

from commitments import views as commitment_views
from sessions import views as session_views
from stl_portal import views
from workgroups import views as workgroup_views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("compromisos/", commitment_views.commitment_list, name="commitment_list"),
    path("compromisos/<slug:identifier>/", commitment_views.commitment_detail, name="commitment_detail"),
    path("ejes/<slug:identifier>/", commitment_views.axis_detail, name="axis_detail"),
    path("plan/<slug:identifier>/", commitment_views.plan_detail, name="plan_detail"),
    path("sesiones/", session_views.session_list, name="session_list"),
    path("sesiones/<slug:identifier>/", session_views.session_detail, name="session_detail"),
    path("acuerdos/<slug:identifier>/", session_views.agreement_detail, name="agreement_detail"),
    path("documentos/<slug:identifier>/", session_views.document_detail, name="document_detail"),
    path("organos/<slug:identifier>/", workgroup_views.body_detail, name="body_detail"),
]
