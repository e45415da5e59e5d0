"""Member panel routes at the top of /panel/ (included by stl_portal.panel_urls, namespace panel):
the start page, the history page of any record, and (for staff) the accounts of the STL."""

from django.urls import path

from stl_portal.history import history
from stl_portal.panel_home import panel_home

from . import panel_views

urlpatterns = [
    path("", panel_home, name="home"),
    path("historial/<str:model_label>/<slug:identifier>/", history, name="history"),
    path("cuentas/", panel_views.account_list, name="account_list"),
    path("cuentas/nueva/", panel_views.account_create, name="account_create"),
    path("cuentas/<slug:identifier>/desactivar/", panel_views.account_deactivate, name="account_deactivate"),
]
