"""Benchmark of the public portal: requests per second and p95 latency.

Fills a fresh SQLite database (or PostgreSQL with --database-url) with ``generate_sample_data``
(10,000 commitments and 1,000 sessions by default), serves the portal in-process with a threaded WSGI
server on 127.0.0.1, and requests the home page, the commitment list, a deep page of it, a commitment's
page, a CSV download, the search (across kinds, one kind, and the list's «q») and a plan's dashboard
with its CSV. Each page is measured twice: uncached (every request has its own address, so the page
cache never answers and the page is built) and cached (the same address again); the number of
database queries a build makes is printed beside it (tests/public keeps it constant in data size).
Not part of the test suite; it takes a few minutes.

    .venv/bin/python bench/public_pages.py [--commitments 10000] [--sessions 1000] [--requests 200]
                                           [--concurrency 4] [--var-dir DIR] [--reuse]
"""

import argparse
import http.client
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--var-dir", help="where the SQLite database lives (default: a temporary directory)")
    parser.add_argument("--database-url", help="PostgreSQL database to fill instead of SQLite")
    parser.add_argument("--reuse", action="store_true", help="use the data already in the database")
    return parser.parse_args()


def setup(args):
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="portal-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["STL_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "stl_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from commitments.models import Commitment

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings serve the manifest
    if not (args.reuse and Commitment.objects.exists()):
        started = time.perf_counter()
        call_command("generate_sample_data", commitments=args.commitments, sessions=args.sessions,
                     prefix=f"bench{int(time.time())}")
        print(f"generate_sample_data: {time.perf_counter() - started:.1f} s")
    return var_dir


def pages():
    from django.core.paginator import Paginator

    from commitments.models import Commitment
    from core.public import PAGE_SIZE

    published = Commitment.objects.published()
    last_page = Paginator(published.order_by("pk"), PAGE_SIZE).num_pages
    middle = published.order_by("pk")[published.count() // 2]
    plan = middle.plan
    return {
        "home": "/",
        "list": "/compromisos/",
        "deep page": f"/compromisos/?pagina={last_page}",
        "detail": middle.get_absolute_url(),
        "download (CSV)": "/datos/commitments.csv",
        "search": "/buscar/?q=datos+abiertos",
        "search, one kind": "/buscar/?q=PARTICIPACI%C3%93N&tipo=compromisos&pagina=3",
        "list search": "/compromisos/?q=transparencia+municipal&orden=relevancia",
        "dashboard": f"/plan/{plan.identifier}/tablero/",
        "dashboard (CSV)": f"/plan/{plan.identifier}/tablero.csv",
    }


def query_count(url):
    """Queries one build of the page makes: its view called directly, so no page cache answers."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    request = RequestFactory().get(url, secure=True, HTTP_HOST="127.0.0.1")
    match = resolve(request.path)
    with CaptureQueriesContext(connection) as queries:
        response = match.func(request, *match.args, **match.kwargs)
        if response.streaming:
            b"".join(response.streaming_content)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def bust(url, n):
    return f"{url}{'&' if '?' in url else '?'}bench={n}"


def fetch(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    # As the TLS proxy in front would (production settings redirect plain HTTP).
    connection.request("GET", url, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{url} answered {response.status}")
    return elapsed, len(body)


def main():
    args = parse()
    var_dir = setup(args)
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer,
                         handler_class=QuietHandler)
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from commitments.models import Commitment
    from sessions.models import Session

    print(f"Portal on http://127.0.0.1:{port}/ with {Commitment.objects.count()} commitments and "
          f"{Session.objects.count()} sessions; {args.requests} requests per page, "
          f"{args.concurrency} at a time.\n")
    print(f"{'page':<18} {'cache':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>8} {'queries':>8}")
    for name, url in pages().items():
        queries = query_count(url)
        for mode in ("uncached", "cached"):
            urls = [bust(url, n) for n in range(args.requests)] if mode == "uncached" else [url] * args.requests
            fetch(port, url)  # warm up (and, for «cached», fill the page cache)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                results = list(pool.map(fetch, [port] * args.requests, urls))
            wall = time.perf_counter() - started
            latencies = sorted(r[0] * 1000 for r in results)
            p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
            print(f"{name:<18} {mode:<9} {args.requests / wall:>8.1f} {statistics.median(latencies):>8.1f} "
                  f"{p95:>8.1f} {results[0][1] / 1024:>8.1f} {queries:>8}")
    server.shutdown()
    if not args.var_dir:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
