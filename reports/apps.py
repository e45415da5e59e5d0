from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Informes de actividades")

    def ready(self):
        from . import jobs  # noqa: F401 - registers the report's background job and its label
