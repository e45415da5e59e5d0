"""Seconds to build an activity report, split into gathering the records, rendering the HTML and
rendering the PDF: the demo year (IEEM, 2020) and a heavy synthetic year (200 sessions, 1,000
agreements). Runs on a throwaway SQLite database in a temporary folder; nothing else is touched.

    .venv/bin/python bench/report.py
"""

import datetime
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SESSIONS = 200
AGREEMENTS_PER_SESSION = 5


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def cpu_seconds_of_pdf(html):
    """CPU seconds WeasyPrint spends on ``html`` in this process: a figure the machine's load does not
    inflate as much as the wall clock (the portal's PDFs run in a child process, see core/pdf.py)."""
    from django.conf import settings

    from core.pdf import write_pdf

    started = time.process_time()
    write_pdf(html, [str(d) for d in settings.STATICFILES_DIRS], settings.STATIC_URL)
    return time.process_time() - started


def measure(label, institution, stl, start, end, target):
    from core.pdf import render_pdf
    from reports.activity import build_report
    from reports.render import report_html

    report, gather = timed(build_report, institution, stl, start, end)
    html, render_html_seconds = timed(report_html, report)
    pdf, pdf_seconds = timed(render_pdf, html)
    total = gather + render_html_seconds + pdf_seconds
    cpu = cpu_seconds_of_pdf(html)
    verdict = "dentro de la meta" if total < target else "FUERA DE LA META"
    print(f"{label:<42} {gather:8.3f} {render_html_seconds:8.3f} {pdf_seconds:8.3f} {total:8.3f} {cpu:8.3f}   "
          f"meta < {target} s: {verdict}; {len(report.annex)} sesiones, "
          f"{sum(len(e.agreements) for e in report.annex)} acuerdos, {len(pdf) // 1024} KiB")


def add_heavy_year(stl, year):
    """200 held extraordinary sessions of the STL in ``year``, five adopted agreements each, saved the
    way the portal saves records (one by one, with history), in one transaction."""
    from django.db import transaction

    from sessions.models import Agreement, Session

    first = datetime.date(year, 1, 1)
    with transaction.atomic():
        for number in range(1, SESSIONS + 1):
            session = Session(body=stl, kind=Session.Kind.EXTRAORDINARY, number=number,
                              date=first + datetime.timedelta(days=(number * 364) // SESSIONS),
                              status=Session.Status.HELD, is_public=True,
                              modality=Session.Modality.VIDEOCONFERENCE,
                              summary=f"Sesión sintética {number} para medir el informe.")
            session.save()
            for index in range(1, AGREEMENTS_PER_SESSION + 1):
                Agreement(session=session, number=index, code=f"STL/SE/{number:03d}/{year}-{index:02d}",
                          title=f"Acuerdo sintético {index} de la sesión {number}",
                          text="Se aprueba el asunto sintético que sirve para medir el informe. " * 3,
                          result=Agreement.Result.ADOPTED).save()


def main():
    folder = tempfile.mkdtemp(prefix="bench-informe-")
    os.environ["STL_VAR_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "stl_portal.settings"

    import django

    django.setup()
    from django.core.management import call_command

    from workgroups.models import Body, Institution

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    stl = Body.objects.get(identifier="stl-edomex")
    ieem = Institution.objects.get(identifier="ieem")

    from core.pdf import warm_up

    print(f"Base de datos temporal: {folder}")
    started = time.perf_counter()
    warm_up()
    print(f"(servidor de procesos del PDF iniciado en {time.perf_counter() - started:.1f} s; el trabajador "
          f"de trabajos lo inicia al arrancar)")
    print(f"{'informe':<42} {'reunir':>8} {'HTML':>8} {'PDF':>8} {'total':>8} {'CPU PDF':>8}   (segundos)")
    measure("IEEM 2020 (registro de demostración)", ieem, stl, datetime.date(2020, 1, 1),
            datetime.date(2020, 12, 31), target=1)
    started = time.perf_counter()
    add_heavy_year(stl, 2022)
    print(f"(año sintético creado en {time.perf_counter() - started:.1f} s: {SESSIONS} sesiones, "
          f"{SESSIONS * AGREEMENTS_PER_SESSION} acuerdos)")
    measure(f"IEEM 2022 sintético ({SESSIONS} ses., {SESSIONS * AGREEMENTS_PER_SESSION} acu.)", ieem, stl,
            datetime.date(2022, 1, 1), datetime.date(2022, 12, 31), target=8)
    print(f"Carga del equipo (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"en {os.cpu_count()} núcleos: con más carga que núcleos, el reloj cuenta también la espera.")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
