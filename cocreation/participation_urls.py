"""Public routes that accept a form (namespace ``cocreation``, under /consultas/): sending an input
and confirming it. The pages that only show live in ``stl_portal/public_urls.py`` (GET only)."""

from django.urls import path

from . import views

app_name = "cocreation"

urlpatterns = [
    path("confirmar/<str:key>/", views.input_confirm, name="input_confirm"),
    path("<slug:identifier>/participar/", views.input_create, name="input_create"),
    path("<slug:identifier>/participar/enviada/", views.input_sent, name="input_sent"),
]
