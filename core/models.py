"""The only model of core: the heartbeat of each background worker (core/worker.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running ``jobs_worker`` process says it is alive every few seconds. A job whose worker has
    stopped beating was interrupted (the process was killed, the machine went down) and is given
    back to the queue by any other worker."""

    worker_id = models.CharField(_("trabajador"), max_length=64, primary_key=True)
    host = models.CharField(_("equipo"), max_length=200, blank=True)
    pid = models.PositiveIntegerField(_("proceso"), null=True)
    started_at = models.DateTimeField(_("inicio"))
    seen_at = models.DateTimeField(_("último latido"), db_index=True)

    # Not a record of the STL: a write here never empties the public page cache.
    shown_in_public_pages = False

    class Meta:
        verbose_name = _("trabajador en segundo plano")
        verbose_name_plural = _("trabajadores en segundo plano")
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.host} ({self.pid})"
