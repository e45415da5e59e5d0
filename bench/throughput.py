"""Throughput with 10,000 commitments: the portal under gunicorn against the same gunicorn returning
the same bytes from memory.

    .venv/bin/python bench/throughput.py [--commitments 10000] [--seconds 5] [--workers 2]
                                         [--clients 4] [--page-param pagina] [--uncached]
                                         [--postgres postgres://postgres@127.0.0.1:54329/postgres]

It builds a production site in a temporary folder (migrate, the demo record, collectstatic), adds
the commitments — SYNTHETIC, titled "Compromiso sintético de carga NNNNN", marked as examples, made
with simple-history's bulk_create_with_history so each has its history row — and measures, for the
commitment list, a deep page of it (``?<page-param>=N``) and a detail page, the requests per second
of the portal (as deployed: production settings, page cache on, warm) and of bench/memory_app.py
serving the bytes the portal answered. It prints both and their ratio (the target is >= 0.5).
--uncached measures the portal with the page cache off as well. All on 127.0.0.1, bounded in time.
"""

import argparse
import base64
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Client, Server, prepare_site, production_env, shell, temporary_postgres, temporary_site  # noqa: E402

FILL = """
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from commitments.models import Commitment
template = Commitment.objects.published().exclude(approved_by=None).select_related("plan", "axis").first()
now = timezone.now()
commitments = [
    Commitment(plan=template.plan, axis=template.axis, lead_institution_id=template.lead_institution_id,
               approved_by_id=template.approved_by_id, status=Commitment.Status.PUBLISHED, published_at=now,
               title="Compromiso sintético de carga %05d" % n, identifier="sintetico-carga-%05d" % n,
               revision=1, is_example=True, kind=Commitment.Kind.PROACTIVE,
               public_problem="Texto sintético del banco de pruebas: no es un compromiso real.",
               objective="Medir el rendimiento del portal con muchos compromisos.")
    for n in range({count})
]
bulk_create_with_history(commitments, Commitment, batch_size=500,
                         default_change_reason="Datos sintéticos del banco de pruebas (bench/throughput.py)")
print(Commitment.objects.published().count(), Commitment.history.filter(identifier__startswith="sintetico-carga-").count())
"""


def hammer(args):
    port, path, seconds = args
    client = Client(port)
    done, failed = 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = client.get(path)[0]
        except OSError:
            status = None
        if status == 200:
            done += 1
        else:
            failed += 1
    return done, failed


def measure(pool, port, path, seconds, clients):
    started = time.monotonic()
    results = pool.map(hammer, [(port, path, seconds)] * clients)
    elapsed = time.monotonic() - started
    return sum(r[0] for r in results) / elapsed, sum(r[1] for r in results)


def run(label, env, args, pool):
    print(f"\n== {label}: preparando (migrate, demo, collectstatic, {args.commitments} compromisos sintéticos)...",
          flush=True)
    prepare_site(env)
    counts = shell(env, FILL.format(count=args.commitments)).split()[-2:]
    print(f"compromisos publicados: {counts[0]}; filas de historial de los sintéticos: {counts[1]}")
    deep = max(2, args.commitments // 25)
    urls = {"lista": "/compromisos/", "página profunda": f"/compromisos/?{args.page_param}={deep}",
            "detalle": f"/compromisos/sintetico-carga-{args.commitments - 1:05d}/"}
    pages = {"/salud/": [200, "application/json", base64.b64encode(b'{"estado": "bien"}').decode()]}
    results = {}
    modes = [("con caché", {})] + ([("sin caché", {"STL_PAGE_CACHE": "0"})] if args.uncached else [])
    pages_file = Path(env["STL_VAR_DIR"]) / "pages.json"
    for mode, extra in modes:
        with Server("stl_portal.wsgi:application", {**env, **extra}, args.workers) as portal:
            sizes = {}
            for url in urls.values():
                status, headers, body = Client(portal.port, timeout=120).get(url)
                assert status == 200, (url, status)
                pages[url] = [status, headers["Content-Type"], base64.b64encode(body).decode()]
                sizes[url] = len(body)
            pages_file.write_text(json.dumps(pages), encoding="utf-8")
            with Server("memory_app:app", {**env, "BENCH_PAGES": str(pages_file)}, args.workers,
                        chdir=Path(__file__).resolve().parent) as memory:
                # Short bursts in turns, so that the other loads of the machine weigh on both alike;
                # the median burst of each side is kept.
                for name, url in urls.items():
                    rates = {"portal": [], "memoria": []}
                    failures = 0
                    for _ in range(args.rounds):
                        for side, server in (("portal", portal), ("memoria", memory)):
                            rate, failed = measure(pool, server.port, url, args.seconds / args.rounds, args.clients)
                            rates[side].append(rate)
                            failures += failed
                    results[(mode, name)] = (statistics.median(rates["portal"]),
                                             statistics.median(rates["memoria"]), sizes[url], failures)

    print(f"== {label}: {args.workers} workers de gunicorn, {args.clients} clientes, {args.seconds} s por medida")
    print(f"{'página':<17} {'modo':<10} {'bytes':>9} {'portal/s':>9} {'memoria/s':>10} {'razón':>6} {'errores':>8}")
    ok = True
    for (mode, name), (rate, memory_rate, size, failed) in results.items():
        ratio = rate / memory_rate if memory_rate else float("nan")
        if mode == "con caché":
            ok &= ratio >= 0.5 and not failed
        print(f"{name:<17} {mode:<10} {size:>9} {rate:>9.1f} {memory_rate:>10.1f} {ratio:>6.2f} {failed:>8}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=6, help="per page and side, over all rounds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="turns of portal and memory per page")
    parser.add_argument("--page-param", default="pagina")
    parser.add_argument("--uncached", action="store_true")
    parser.add_argument("--postgres")
    parser.add_argument("--only-postgres", action="store_true")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 60)
    ok = True
    with multiprocessing.Pool(args.clients) as pool:
        if not args.only_postgres:
            with temporary_site() as folder:
                ok &= run("SQLite", production_env(folder), args, pool)
        if args.postgres:
            with temporary_site() as folder, temporary_postgres(args.postgres) as url:
                ok &= run("PostgreSQL", production_env(folder, url), args, pool)
    print("\nRESULTADO:", "razón >= 0.5 en todas" if ok else "ALGUNA RAZÓN < 0.5 o con errores")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
