from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The open-data format and everything built on it: export and import (with the JSON Schema),
    the /datos/ downloads, Popolo, Atom feeds, iCalendar and the sitemap."""

    name = "opendata"
    verbose_name = _("Datos abiertos")
