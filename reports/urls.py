"""Activity reports at /informes/ (issue 5): staff only; the PDFs of OGP Local's documents, members."""

from django.urls import path

from . import views
from .models import ReportFile

app_name = "reports"

PERIOD = "<slug:institution>/<str:start>/<str:end>/"

urlpatterns = [
    path("", views.report_index, name="index"),
    # Before the report's addresses, which would take «ogp» for an institution.
    # OGP Local's documents (any member of the STL, as their page in the panel).
    path("ogp/fin/<slug:identifier>/", views.ogp_pdf_request, {"kind": ReportFile.Kind.END_OF_COMMITMENT},
         name="ogp_end_pdf"),
    path("ogp/inicio/<slug:identifier>/", views.ogp_pdf_request, {"kind": ReportFile.Kind.INCEPTION},
         name="ogp_inception_pdf"),
    path(PERIOD, views.report_preview, name="preview"),
    path(PERIOD + "pdf/", views.report_pdf_request, name="pdf"),
    path("archivos/<uuid:pk>/", views.report_file_detail, name="file"),
    path("archivos/<uuid:pk>/descargar", views.report_file_download, name="file_download"),
    path("archivos/<uuid:pk>/estado.json", views.report_file_status, name="file_status"),
    path(PERIOD + "textos/", views.report_text_edit, name="text"),
]
