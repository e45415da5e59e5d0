from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app stands on and that knows no app: the Record base, form helpers, uploads,
    charts, public paging and file serving, Spanish words and dates, the PDF renderer."""

    name = "core"
    verbose_name = _("Base común")
