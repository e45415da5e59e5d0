"""The background jobs page of the panel (/panel/trabajos/): what is queued, running, done or failed,
and why a job failed. Staff see the jobs of their own STL; administrators see every job."""

from django.shortcuts import render
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.jobs import kind_of
from core.worker import describe_error
from workgroups.access import staff_required

SHOWN = 100


def visible_jobs(account, is_admin, limit=SHOWN):
    """The latest jobs this person may see, newest first, each with its label and its STL checked."""
    rows = []
    for db_result in DBTaskResult.objects.order_by("-enqueued_at")[: limit * 3]:
        kind = kind_of(db_result.task_path)
        if not is_admin:
            arguments = db_result.args_kwargs or {}
            stl_id = None
            if kind and kind.stl_of:
                stl_id = kind.stl_of(*arguments.get("args", []), **arguments.get("kwargs", {}))
            if stl_id != account.stl_id:
                continue
        rows.append({
            "result": db_result,
            "label": kind.label if kind else db_result.task_name,
            "attempts": len(db_result.worker_ids),
            "max_attempts": kind.max_attempts if kind else 1,
            "retrying": db_result.status == TaskResultStatus.READY and bool(db_result.worker_ids),
            "error": describe_error(db_result) if db_result.traceback else "",
        })
        if len(rows) >= limit:
            break
    return rows


@staff_required
def job_list(request):
    jobs = visible_jobs(request.account, request.user.is_superuser)
    return render(request, "panel/job_list.html", {
        "jobs": jobs, "failed": sum(1 for job in jobs if job["result"].status == TaskResultStatus.FAILED),
    })
