"""The open data and what is built on it, for programs and for calendars and feed readers:
/datos/ downloads, Popolo, Atom feeds, iCalendar and the sitemap. Included by the project's public
URLs (namespace ``public``), so every name reads ``public:<name>``."""

from django.urls import path

from . import calendars, feeds, views
from .sitemaps import sitemap

urlpatterns = [
    path("compromisos/canal.atom", feeds.commitment_feed, name="commitment_feed"),
    path("acuerdos/canal.atom", feeds.agreement_feed, name="agreement_feed"),
    path("ejes/<slug:identifier>/calendario.ics", calendars.axis_sessions, name="axis_calendar"),
    path("organos/<slug:identifier>/calendario.ics", calendars.body_sessions, name="body_calendar"),
    path("calendario.ics", calendars.all_sessions, name="calendar"),
    path("datos/", views.index, name="opendata"),
    path("datos/registro-publico.json", views.public_record, name="opendata_public_record"),
    path("datos/popolo.json", views.popolo, name="opendata_popolo"),
    path("datos/popolo/<slug:part>.json", views.popolo_part, name="opendata_popolo_part"),
    path("datos/guia-tecnica.md", views.technical_guide, name="opendata_guide"),
    path("datos/esquema.json", views.json_schema, name="opendata_schema"),
    path("datos/<slug:slug>.json", views.dataset_json, name="opendata_json"),
    path("datos/<slug:slug>/", views.dataset_page, name="opendata_dataset"),
    path("datos/<slug:slug>/diccionario.csv", views.dataset_dictionary_csv, name="opendata_dictionary"),
    path("datos/<slug:slug>.csv", views.dataset_csv, name="opendata_csv"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
