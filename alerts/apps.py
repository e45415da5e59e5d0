from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Avisos por correo")

    def ready(self):
        from . import signals

        signals.connect()
