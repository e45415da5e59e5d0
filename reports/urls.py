"""Activity reports at /informes/ (issue 5): staff only."""

from django.urls import path

from . import views

app_name = "reports"

PERIOD = "<slug:institution>/<str:start>/<str:end>/"

urlpatterns = [
    path("", views.report_index, name="index"),
    path(PERIOD, views.report_preview, name="preview"),
    path(PERIOD + "pdf/", views.report_pdf_download, name="pdf"),
    path(PERIOD + "textos/", views.report_text_edit, name="text"),
]
