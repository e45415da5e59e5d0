"""The portal's background worker: django-tasks-db's worker, plus what it leaves to us.

- **Retries.** A job that raises goes back to the queue with a growing delay until it has been tried
  ``max_attempts`` times (``core.jobs.background``); then it stays failed, staff see it in the panel
  (``/panel/trabajos/``) and its ``on_failure`` hook tells the record that waited for it.
- **No lost jobs.** Each worker writes a heartbeat every few seconds from a thread of its own. A job
  still marked running whose worker has not beaten for ``lease`` seconds was interrupted (``kill -9``,
  a machine that went down): any live worker gives it back to the queue, or marks it failed when it
  has used its attempts. So a job runs at least once; jobs are written to be run again safely.
"""

import logging
import os
import socket
import threading
import traceback

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

from .jobs import PermanentJobError, kind_of, retry_at
from .models import WorkerHeartbeat

logger = logging.getLogger("core.jobs")

WORKER_LOST = "core.worker.WorkerLost"


def new_worker_id():
    host = socket.gethostname()[:30]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


def lease_seconds():
    return getattr(settings, "STL_JOB_LEASE_SECONDS", 60)


def beat(worker_id, started_at=None):
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "host": socket.gethostname()[:200], "pid": os.getpid()},
        create_defaults={"seen_at": now, "started_at": started_at or now,
                         "host": socket.gethostname()[:200], "pid": os.getpid()},
    )


def _call_failure_hook(db_result, error):
    kind = kind_of(db_result.task_path)
    if not kind or not kind.on_failure:
        return
    arguments = db_result.args_kwargs or {}
    try:
        kind.on_failure(*arguments.get("args", []), error=error, **arguments.get("kwargs", {}))
    except Exception:  # noqa: BLE001 - the hook must not take the worker down
        logger.exception("El aviso de falla del trabajo %s también falló", db_result.id)


def settle_failure(db_result, now=None):
    """After a failed attempt: back to the queue later, or failed for good (and the hook told)."""
    kind = kind_of(db_result.task_path)
    attempts = len(db_result.worker_ids)
    permanent = db_result.exception_class_path == f"{PermanentJobError.__module__}.{PermanentJobError.__qualname__}"
    if kind and not permanent and attempts < kind.max_attempts:
        db_result.status = TaskResultStatus.READY
        db_result.run_after = retry_at(attempts, now)
        db_result.finished_at = None
        db_result.save(update_fields=["status", "run_after", "finished_at"])
        logger.warning("El trabajo %s (%s) falló en el intento %s; se reintentará.",
                       db_result.id, db_result.task_path, attempts)
        return False
    logger.error("El trabajo %s (%s) falló tras %s intentos.", db_result.id, db_result.task_path, attempts)
    _call_failure_hook(db_result, last_line(db_result.traceback))
    return True


def last_line(text):
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def recover_orphans(now=None, lease=None):
    """Give back to the queue the jobs whose worker stopped beating (or fail those out of attempts).
    Returns how many jobs were recovered."""
    now = now or timezone.now()
    lease = lease if lease is not None else lease_seconds()
    stale_before = now - timezone.timedelta(seconds=lease)
    failed = []
    recovered = 0
    with exclusive_transaction():
        alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=stale_before).values_list("worker_id", flat=True))
        running = (DBTaskResult.objects.running().filter(started_at__lt=stale_before)
                   .select_for_update(skip_locked=True))
        for db_result in running:
            if db_result.worker_ids and db_result.worker_ids[-1] in alive:
                continue
            kind = kind_of(db_result.task_path)
            attempts = len(db_result.worker_ids)
            message = _("El proceso que hacía este trabajo se detuvo antes de terminarlo (intento %(n)s).") % {
                "n": attempts}
            db_result.traceback = message
            db_result.exception_class_path = WORKER_LOST
            if kind and attempts < kind.max_attempts:
                db_result.status = TaskResultStatus.READY
                db_result.run_after = get_date_max()
                db_result.finished_at = None
            else:
                db_result.status = TaskResultStatus.FAILED
                db_result.finished_at = now
                failed.append(db_result)
            db_result.save(update_fields=["status", "run_after", "finished_at", "traceback",
                                          "exception_class_path"])
            recovered += 1
            logger.warning("Se recuperó el trabajo %s, cuyo proceso se detuvo.", db_result.id)
        WorkerHeartbeat.objects.filter(seen_at__lt=now - timezone.timedelta(seconds=lease * 10)).delete()
    for db_result in failed:
        _call_failure_hook(db_result, db_result.traceback)
    return recovered


class Heartbeat(threading.Thread):
    """Beats for its worker and recovers other workers' orphaned jobs, every ``every`` seconds."""

    def __init__(self, worker_id, every):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def tick(self):
        try:
            beat(self.worker_id, self.started_at)
            recover_orphans()
        except Exception:  # noqa: BLE001 - a busy or briefly unreachable database: beat again later
            logger.exception("No se pudo registrar el latido del trabajador %s", self.worker_id)

    def run(self):
        try:
            while not self.stopping.wait(self.every):
                self.tick()
        finally:
            connections.close_all()

    def stop(self):
        self.stopping.set()
        self.join(timeout=self.every + 5)


class PortalWorker(Worker):
    """django-tasks-db's worker with retries, a heartbeat and the recovery of orphaned jobs."""

    def __init__(self, *, heartbeat_seconds=None, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat_seconds = heartbeat_seconds or max(0.5, lease_seconds() / 4)

    def run(self):
        from core.pdf import warm_up

        warm_up()  # before any thread starts: the PDF children fork from a single-threaded server
        heartbeat = Heartbeat(self.worker_id, self.heartbeat_seconds)
        heartbeat.tick()  # alive before the first claim, and orphans of a previous run recovered
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            settle_failure(db_task_result)


def run_pending_jobs(worker_id="en-linea", now=None):
    """Run every job that is due, here and now, until none is left (tests, `manage.py` scripts).

    The same claim, retry and failure rules as a worker, without its loop, signals or heartbeat, so it
    also runs inside a test's transaction. Returns the number of attempts made.
    """
    worker = PortalWorker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                          startup_delay=False, max_tasks=None, worker_id=worker_id,
                          excluded_queue_names=[])
    attempts = 0
    while True:
        due = Q(run_after=get_date_max()) | Q(run_after__lte=now or timezone.now())
        with exclusive_transaction():
            ready = DBTaskResult.objects.filter(due, status=TaskResultStatus.READY, backend_name="default")
            db_result = ready.get_locked()
            if db_result is not None:
                db_result.claim(worker_id)
        if db_result is None:
            return attempts
        worker.run_task(db_result)
        attempts += 1


def describe_error(db_result):
    """One line for staff about why a job failed (never the whole traceback)."""
    if db_result.exception_class_path == WORKER_LOST:
        return db_result.traceback
    line = last_line(db_result.traceback)
    return line or traceback.format_exception_only(Exception, Exception(""))[-1].strip()
