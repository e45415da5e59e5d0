"""`make serve` really serves: check --deploy, migrate, collectstatic, then gunicorn answers."""

import os
import signal
import subprocess
import time

from tests import template_db
from tests.prod.conftest import ROOT, free_port, http, production_env


def test_make_serve_runs_the_portal_under_gunicorn_over_local_http(tmp_path):
    port = free_port()
    env = production_env(STL_VAR_DIR=tmp_path)
    log = tmp_path / "serve.log"
    # The database comes migrated (the suite's template): `make serve` still runs migrate, which checks
    # it and has nothing to apply; migrating from nothing is what builds that template.
    template_db.seed_sqlite(tmp_path / "portal.sqlite3")
    with log.open("w") as output:
        # -o: never (re)install the virtualenv from a test.
        process = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed", "serve", "HTTPS=0",
                                    f"PORT={port}", "WORKERS=2"], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _, body = http(f"http://127.0.0.1:{port}", "/salud/", headers={"X-Forwarded-Proto": "http"})
                if status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text()
        status, headers, body = http(f"http://127.0.0.1:{port}", "/", headers={"X-Forwarded-Proto": "http"})
        assert status == 200 and "Content-Security-Policy" in headers
        text = log.read_text()
        assert "collectstatic" in text and "gunicorn" in text
        assert (tmp_path / "static" / "staticfiles.json").exists()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
