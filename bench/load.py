"""Load test: public readers and members writing at the same time, against gunicorn on 127.0.0.1.

    .venv/bin/python bench/load.py [--seconds 20] [--readers 8] [--writers 3] [--workers 3]
                                   [--postgres postgres://postgres@127.0.0.1:54329/postgres]

For SQLite, and for PostgreSQL when a server URL is given (a new database is created on it and
dropped afterwards), it builds a production site in a temporary folder (migrate, the demo record,
collectstatic), starts gunicorn with production settings, and runs for the given seconds:

- readers GET public pages (home, lists, every commitment, session and agreement of the demo);
- writers log in to the Django admin as synthetic staff accounts ("bench-escritor-N") and add
  institutions through its form, each named uniquely ("Institución sintética de carga ...").

It prints throughput, p50/p95 latency and errors per kind, then checks in the database that every
write the server acknowledged (302 after the POST) is there with its "+" history row by the writer's
account. Exit status 1 if anything is missing or any request failed. Bounded: the run stops at
--seconds, gunicorn is stopped and the temporary site removed whatever happens.
"""

import argparse
import json
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Client,
    Server,
    percentile,
    prepare_site,
    production_env,
    shell,
    temporary_postgres,
    temporary_site,
)

WRITER_PASSWORD = "contraseña-sintética-de-carga-2026"
CREATE_WRITERS = """
from django.contrib.auth import get_user_model
User = get_user_model()
for n in range({count}):
    user = User.objects.create_user("bench-escritor-%d" % n, password="{password}", is_staff=True,
                                    is_superuser=True)
"""
PUBLIC_URLS = """
import json
from commitments.models import Commitment
from sessions.models import Agreement, Session
urls = ["/", "/compromisos/", "/sesiones/"]
urls += [c.get_absolute_url() for c in Commitment.objects.published()]
urls += [s.get_absolute_url() for s in Session.objects.public()]
urls += [a.get_absolute_url() for a in Agreement.objects.public()]
print(json.dumps(urls))
"""
VERIFY = """
import json
from workgroups.models import Institution
names = json.load(open("{path}"))
found = {{}}
for name, writer in names.items():
    institution = Institution.objects.filter(name=name).first()
    if institution is None:
        found[name] = "falta el registro"
        continue
    rows = institution.history.filter(history_type="+")
    if not rows.exists():
        found[name] = "falta la fila de historial"
    elif rows.first().history_user is None or rows.first().history_user.username != writer:
        found[name] = "historial sin su autor"
print(json.dumps({{"checked": len(names), "problems": found}}))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(list)
        self.acknowledged = {}

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def reader(port, urls, deadline, stats):
    client = Client(port)
    while time.monotonic() < deadline:
        url = random.choice(urls)
        started = time.monotonic()
        try:
            status, _, _ = client.get(url)
            error = None if status == 200 else f"{status} {url}"
        except OSError as exception:
            error = f"{exception.__class__.__name__} {url}"
        stats.record("lectura", time.monotonic() - started, error)


def writer(port, number, deadline, stats):
    client = Client(port)
    username = f"bench-escritor-{number}"
    if not client.login_admin(username, WRITER_PASSWORD):
        stats.record("escritura", 0, f"{username} no pudo entrar")
        return
    sequence = 0
    while time.monotonic() < deadline:
        sequence += 1
        name = f"Institución sintética de carga {number}-{sequence}"
        started = time.monotonic()
        try:
            status, headers, _ = client.post_form("/admin/workgroups/institution/add/", {
                "name": name, "acronym": f"SC{number}-{sequence}", "kind": "other", "website": "",
                "identifier": "", "_save": "Guardar"})
            error = None if status == 302 else f"{status} al guardar {name}"
        except OSError as exception:
            error = f"{exception.__class__.__name__} al guardar {name}"
        stats.record("escritura", time.monotonic() - started, error)
        if error is None:
            with stats.lock:
                stats.acknowledged[name] = username


def run(label, env, args):
    print(f"\n== {label}: preparando (migrate, demo, collectstatic)...", flush=True)
    printed = prepare_site(env, then=CREATE_WRITERS.format(count=args.writers, password=WRITER_PASSWORD) + PUBLIC_URLS)
    urls = json.loads(printed.strip().splitlines()[-1])
    stats = Stats()
    with Server("stl_portal.wsgi:application", env, args.workers) as server:
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=reader, args=(server.port, urls, deadline, stats))
                   for _ in range(args.readers)]
        threads += [threading.Thread(target=writer, args=(server.port, n, deadline, stats))
                    for n in range(args.writers)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 90)
        elapsed = time.monotonic() - started
    written = Path(env["STL_VAR_DIR"]) / "escrituras.json"
    written.write_text(json.dumps(stats.acknowledged), encoding="utf-8")
    verified = json.loads(shell(env, VERIFY.format(path=written)).strip().splitlines()[-1])

    print(f"== {label}: {args.seconds} s, {args.workers} workers de gunicorn, {args.readers} lectores, "
          f"{args.writers} escritores")
    print(f"{'tipo':<10} {'peticiones':>10} {'por seg.':>9} {'p50 ms':>8} {'p95 ms':>8} {'errores':>8}")
    for kind in ("lectura", "escritura"):
        values = stats.latencies[kind]
        print(f"{kind:<10} {len(values):>10} {len(values) / elapsed:>9.1f} "
              f"{percentile(values, 0.5) * 1000:>8.1f} {percentile(values, 0.95) * 1000:>8.1f} "
              f"{len(stats.errors[kind]):>8}")
    for kind, errors in stats.errors.items():
        for error in errors[:5]:
            print(f"  error ({kind}): {error}")
    problems = verified["problems"]
    print(f"escrituras confirmadas por el servidor: {len(stats.acknowledged)}; comprobadas en la base con su "
          f"fila de historial: {verified['checked'] - len(problems)}; faltan: {len(problems)}")
    for name, problem in list(problems.items())[:5]:
        print(f"  {name}: {problem}")
    return not problems and not any(stats.errors.values()) and stats.acknowledged


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--postgres", help="URL of a PostgreSQL server where a throwaway database is created")
    parser.add_argument("--only-postgres", action="store_true")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 300)  # bounded, whatever is asked
    ok = True
    # Both sites serve one collection of static files, collected by the first.
    with temporary_site() as static:
        if not args.only_postgres:
            with temporary_site(seed=True) as folder:
                ok &= bool(run("SQLite", production_env(folder, STATIC_ROOT=static), args))
        if args.postgres:
            with temporary_site(seed=True) as folder, temporary_postgres(args.postgres, seed=True) as url:
                ok &= bool(run("PostgreSQL", production_env(folder, url, STATIC_ROOT=static), args))
    print("\nRESULTADO:", "bien" if ok else "CON PROBLEMAS")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
