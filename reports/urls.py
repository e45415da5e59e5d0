"""Activity reports at /informes/ (issue 5): staff only."""

from django.urls import path

from . import views

app_name = "reports"

PERIOD = "<slug:institution>/<str:start>/<str:end>/"

urlpatterns = [
    path("", views.report_index, name="index"),
    path(PERIOD, views.report_preview, name="preview"),
    path(PERIOD + "pdf/", views.report_pdf_request, name="pdf"),
    path("archivos/<uuid:pk>/", views.report_file_detail, name="file"),
    path("archivos/<uuid:pk>/descargar", views.report_file_download, name="file_download"),
    path("archivos/<uuid:pk>/estado.json", views.report_file_status, name="file_status"),
    path(PERIOD + "textos/", views.report_text_edit, name="text"),
]
