"""Background jobs: work that must not hold a web worker (a long PDF, e-mail).

Jobs are Django tasks (the ``django-tasks`` backport of Django 6's ``django.tasks``, so the code
reads as it will on Django 6) stored by the database backend of ``django-tasks-db``: a job is a row
in the same database as the records, written in the same transaction as the change that asks for
it, so it exists exactly when that change commits. ``manage.py jobs_worker`` runs them
(``core/worker.py``): any number of workers on any number of machines, each claiming a job with a
row lock.

Declare a job with ``@background(label=..., max_attempts=...)`` on a module-level function that takes
ids, never objects. A job that raises is tried again later, up to ``max_attempts`` times in all, then
shown to staff as failed (and its ``on_failure`` hook is called, so the record that waits for it can
say so); a job whose worker died is given back to the queue (``core.worker.recover_orphans``).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger("core.jobs")


@dataclass(frozen=True)
class JobKind:
    label: str
    max_attempts: int
    on_failure: object = None
    # ``stl_of(*args, **kwargs)`` → the id of the STL a job works for, so its staff see it; jobs
    # without one are shown to administrators only.
    stl_of: object = None


# task path ("reports.jobs.render_report_pdf") → JobKind, filled by @background at import time.
KINDS = {}


class PermanentJobError(Exception):
    """Raised by a job whose failure another attempt cannot mend (the record it works on is gone…):
    it is marked failed at once, without retries."""


def background(*, label, max_attempts=3, queue_name="default", priority=0, on_failure=None, stl_of=None):
    """Make ``function`` a background job. ``label`` is what staff read in the list of jobs;
    ``on_failure(*args, error=..., **kwargs)`` runs once when the last attempt has failed."""

    def decorate(function):
        job = task(queue_name=queue_name, priority=priority)(function)
        KINDS[job.module_path] = JobKind(label=label, max_attempts=max(1, max_attempts),
                                         on_failure=on_failure, stl_of=stl_of)
        return job

    return decorate


def kind_of(task_path):
    """The JobKind of a queued job; importing its module registers it (a worker that has not run
    that kind of job yet has not imported it)."""
    if task_path not in KINDS:
        try:
            import_string(task_path)
        except ImportError:
            return None
    return KINDS.get(task_path)


def retry_delay(attempt):
    """Seconds before attempt ``attempt + 1``: grows with each failure (30 s, 2 min, 4.5 min…)."""
    base = getattr(settings, "STL_JOB_RETRY_SECONDS", 30)
    return base * attempt * attempt


def retry_at(attempt, now=None):
    return (now or timezone.now()) + datetime.timedelta(seconds=retry_delay(attempt))
