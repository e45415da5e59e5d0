"""Background jobs (core/jobs.py, core/worker.py): retries, failures shown, and no job lost when a
worker is killed in the middle."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat
from core.worker import WORKER_LOST, recover_orphans, run_pending_jobs
from tests import jobs_for_tests as jobs
from tests.helpers import database_url_for_children

ROOT = Path(settings.BASE_DIR)


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_a_growing_delay_then_failed_for_good(tmp_path):
    jobs.FAILURES.clear()
    result = jobs.always_fails.enqueue(marker=str(tmp_path / "aviso"))
    assert run_pending_jobs() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY, "back in the queue after the first failure"
    first_wait = row.run_after - timezone.now()
    assert datetime.timedelta(seconds=20) < first_wait <= datetime.timedelta(seconds=30)
    assert run_pending_jobs() == 0, "not before its time"
    assert jobs.FAILURES == []

    assert run_pending_jobs(now=later(1)) == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.run_after - timezone.now() > first_wait, "the second wait is longer"

    assert run_pending_jobs(now=later(10)) == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 3
    assert "la prueba falla a propósito" in row.traceback
    assert len(jobs.FAILURES) == 1, "the failure hook runs once, after the last attempt"
    assert "la prueba falla a propósito" in (tmp_path / "aviso").read_text()
    assert run_pending_jobs(now=later(60)) == 0


@pytest.mark.django_db
def test_a_job_that_fails_once_succeeds_on_its_second_attempt(tmp_path):
    counter = tmp_path / "veces"
    result = jobs.fails_once.enqueue(str(counter))
    run_pending_jobs()
    run_pending_jobs(now=later(1))
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert counter.read_text() == "2"


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once_without_retries():
    jobs.FAILURES.clear()
    result = jobs.fails_for_good.enqueue()
    run_pending_jobs()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 1
    assert len(jobs.FAILURES) == 1


def running_job(worker_id, started_minutes_ago, attempts=1):
    result = jobs.slow.enqueue("/dev/null", 0)
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    row.worker_ids = [f"antes-{n}" for n in range(attempts - 1)] + [worker_id]
    row.save()
    return row


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_goes_back_to_the_queue():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="vivo", started_at=now, seen_at=now)
    WorkerHeartbeat.objects.create(worker_id="muerto", started_at=now - datetime.timedelta(hours=1),
                                   seen_at=now - datetime.timedelta(minutes=5))
    alive = running_job("vivo", started_minutes_ago=10)
    dead = running_job("muerto", started_minutes_ago=10)
    vanished = running_job("sin-latido", started_minutes_ago=10)
    just_claimed = running_job("recien", started_minutes_ago=0)

    assert recover_orphans(lease=60) == 2
    for row in (alive, dead, vanished, just_claimed):
        row.refresh_from_db()
    assert alive.status == TaskResultStatus.RUNNING
    assert just_claimed.status == TaskResultStatus.RUNNING, "a claim younger than the lease is left alone"
    assert dead.status == vanished.status == TaskResultStatus.READY
    assert dead.exception_class_path == WORKER_LOST and "se detuvo" in dead.traceback


@pytest.mark.django_db
def test_a_lost_job_out_of_attempts_is_failed_and_its_hook_told():
    row = running_job("muerto", started_minutes_ago=10, attempts=3)
    recover_orphans(lease=60)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def start_worker(env, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "jobs_worker", "--interval", "0.2", "--heartbeat", "0.3",
         "--no-startup-delay", "--verbosity", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(condition, seconds=30, message=""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message or "timed out")


@pytest.mark.django_db(transaction=True)
def test_a_job_is_not_lost_when_its_worker_is_killed_in_the_middle(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stl_portal.settings_test",
           "DATABASE_URL": database_url_for_children(), "STL_JOB_LEASE_SECONDS": "2", "STL_VAR_DIR": str(tmp_path)}
    trace = tmp_path / "trabajo.txt"
    # Long enough to be killed in the middle (the test looks for its start every 0.1 s).
    result = jobs.slow.enqueue(str(trace), 1.5)
    with (tmp_path / "worker-1.log").open("w") as log:
        first = start_worker(env, log)
    try:
        wait_for(lambda: trace.exists() and "inicio" in trace.read_text(), message="the first worker started")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    with (tmp_path / "worker-2.log").open("w") as log:
        second = start_worker(env, log)
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
                 seconds=60, message=str(list(DBTaskResult.objects.values())) + str(list(WorkerHeartbeat.objects.values())))
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)
    lines = trace.read_text().splitlines()
    assert lines == [f"inicio {first.pid}", f"inicio {second.pid}", f"fin {second.pid}"]
    row = DBTaskResult.objects.get(pk=result.id)
    assert len(row.worker_ids) == 2
    assert not WorkerHeartbeat.objects.filter(worker_id=row.worker_ids[-1]).exists(), \
        "a worker that stops cleanly removes its heartbeat"


def test_moments_on_the_jobs_pages_are_spanish_dates_on_mexico_city_time():
    import datetime as dt

    from core.templatetags.public_tags import long_datetime

    moment = dt.datetime(2026, 12, 1, 2, 37, tzinfo=dt.UTC)
    assert long_datetime(moment) == "30 de noviembre de 2026, 20:37 h"
    assert long_datetime(None) == ""
