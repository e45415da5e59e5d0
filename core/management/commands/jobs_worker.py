"""``manage.py jobs_worker``: runs the portal's background jobs (core/worker.py)."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from core.worker import PortalWorker, new_worker_id


class Command(DBWorkerCommand):
    help = ("Runs the portal's background jobs (PDF reports, e-mail) from the database queue. Run as "
            "many as needed, on any machine that reaches the database: each job is claimed by one "
            "worker. A failed job is retried with a growing delay, then shown to staff as failed; a "
            "job whose worker was killed is given back to the queue by another worker. Ctrl-C or "
            "SIGTERM ends the job in hand first.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id(), queue_name="*", reload=False)
        parser.add_argument("--heartbeat", type=valid_interval, default=None,
                            help="Seconds between heartbeats (default: a quarter of STL_JOB_LEASE_SECONDS).")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
               max_tasks, worker_id, exclude_queues, heartbeat=None, **options):
        self.configure_logging(verbosity)
        worker = PortalWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            heartbeat_seconds=heartbeat,
        )
        worker.configure_signals()
        worker.run()
