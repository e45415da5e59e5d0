"""Benchmark of the stack room (tests/stack_room.py), outside the room and inside it, in rounds that
alternate (the machine's speed drifts; alternating shares the drift out):

- requests: the same public pages of the demo record (in a fresh SQLite database in a temporary
  folder) asked through Django's test client, as the suite asks them, ``--requests`` times each per
  round. Prints the time per request, the CPU time in user and system mode, and the page faults per
  request of this process.
- a module of the suite (``--module``, run by pytest without workers), with and without
  STL_TESTS_WITHOUT_STACK_ROOM. Prints its time and the CPU time and page faults of pytest.

Not part of the test suite; it takes about two minutes.

    .venv/bin/python bench/frame_chunks.py [--requests 40] [--rounds 3] [--module tests/public/test_stl_sites.py]
"""

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--module", default="tests/public/test_stl_sites.py", help="test module to run")
    return parser.parse_args()


def setup(var_dir):
    os.environ["STL_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'portal.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "stl_portal.settings_test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())


def pages():
    from commitments.models import Commitment

    commitment = Commitment.objects.published().order_by("pk").first()
    return ["/", "/compromisos/", commitment.get_absolute_url(), "/sesiones/", "/ejes/", "/compromisos/no-existe/"]


def usage_of(action, who=resource.RUSAGE_SELF):
    """``action()``'s time, and the CPU time and page faults it cost ``who`` (this process or its children)."""
    before = resource.getrusage(who)
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    after = resource.getrusage(who)
    return {"seconds": seconds, "user": after.ru_utime - before.ru_utime,
            "system": after.ru_stime - before.ru_stime, "faults": after.ru_minflt - before.ru_minflt}


def measure(client, urls, requests):
    return usage_of(lambda: [client.get(url) for url in urls for _ in range(requests)])


def module_run(module, inside):
    """The module run by pytest in a child process: its time, CPU time and page faults."""
    env = {**os.environ}
    env.pop("STL_TESTS_WITHOUT_STACK_ROOM", None)
    if not inside:
        env["STL_TESTS_WITHOUT_STACK_ROOM"] = "1"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0", module]
    return usage_of(lambda: subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL),
                    who=resource.RUSAGE_CHILDREN)


def main():
    args = parse()
    modules = {"outside": [], "inside": []}
    for _ in range(args.rounds):
        for mode in modules:
            modules[mode].append(module_run(args.module, inside=mode == "inside"))
    print(f"{args.module}, {args.rounds} runs per mode:")
    for mode, runs in modules.items():
        summed = {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}
        print(f"{mode:8} {summed['seconds']:5.1f} s; CPU user {summed['user']:5.1f} s, system {summed['system']:4.1f} s; "
              f"page faults {summed['faults'] / 1000:6.0f} thousand (means)")
    var_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        requests_run(args, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def requests_run(args, var_dir):
    setup(var_dir)
    import logging

    from django.test import Client

    from tests import stack_room

    logging.disable(logging.WARNING)  # the 404 page's warning, once per request
    client = Client()
    urls = pages()
    measure(client, urls, 2)  # templates compiled, caches warm
    stack_room.room()  # compiled before the clock starts
    totals = {"outside": [], "inside": []}
    for _ in range(args.rounds):
        totals["outside"].append(measure(client, urls, args.requests))
        totals["inside"].append(stack_room.run_in_room(lambda: measure(client, urls, args.requests)))
    count = len(urls) * args.requests * args.rounds
    print(f"{count} requests per mode ({len(urls)} pages, {args.requests} each, {args.rounds} rounds)")
    for mode, rounds in totals.items():
        summed = {key: sum(r[key] for r in rounds) for key in rounds[0]}
        print(f"{mode:8} {summed['seconds'] / count * 1000:6.2f} ms per request; CPU user {summed['user']:5.1f} s, "
              f"system {summed['system']:4.1f} s; page faults {summed['faults'] / count:7.1f} per request")


if __name__ == "__main__":
    main()
