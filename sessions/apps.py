from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    # Django ships an app labelled "sessions"; ours needs its own label.
    name = "sessions"
    label = "stl_sessions"
    verbose_name = _("Sesiones y acuerdos")
    default_auto_field = "django.db.models.BigAutoField"
