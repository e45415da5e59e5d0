"""Member panel routes of who is who (included by stl_portal.panel_urls, namespace panel): for staff,
the accounts of the STL."""

from django.urls import path

from . import panel_views

urlpatterns = [
    path("cuentas/", panel_views.account_list, name="account_list"),
    path("secretariado/identidad/", panel_views.stl_identity, name="stl_identity"),
    path("cuentas/nueva/", panel_views.account_create, name="account_create"),
    path("cuentas/<slug:identifier>/desactivar/", panel_views.account_deactivate, name="account_deactivate"),
]
