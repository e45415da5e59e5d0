from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package is an app too: it holds the commands and pages that span every app."""

    name = "stl_portal"
    verbose_name = _("Portal STL")

    def ready(self):
        # Every write to a record empties the public page cache (stl_portal/cache.py).
        from stl_portal.cache import connect_signals

        connect_signals()
