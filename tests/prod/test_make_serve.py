"""`make serve` really serves: `manage.py deploy` (check --deploy, migrate, collectstatic), then gunicorn
answers; `deploy` stops at a failed check and changes nothing."""

import gzip
import os
import re
import shutil
import signal
import subprocess
import time

import brotli
import pytest

from tests import template_db
from tests.prod.conftest import ROOT, free_port, http, production_env

pytestmark = pytest.mark.own_sqlite_site


def test_make_serve_runs_the_portal_under_gunicorn_over_local_http(prepared_site, tmp_path):
    port = free_port()
    env = production_env(STL_VAR_DIR=tmp_path)
    log = tmp_path / "serve.log"
    # The database comes migrated (the suite's template): `make serve` still runs migrate, which checks
    # it and has nothing to apply; migrating from nothing is what builds that template.
    template_db.seed_sqlite(tmp_path / "portal.sqlite3")
    # The static files of an earlier release, as a redeploy finds them, without their manifest:
    # `make serve`'s collectstatic writes it again, and compresses none of the unchanged files again.
    shutil.copytree(prepared_site / "static", tmp_path / "static")
    (tmp_path / "static" / "staticfiles.json").unlink()
    copies = {path: path.stat().st_ino for path in (tmp_path / "static").rglob("*") if path.suffix in (".br", ".gz")}
    assert len(copies) > 400
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
        assert "manage.py deploy" in text and "gunicorn" in text
        assert (tmp_path / "static" / "staticfiles.json").exists()
        assert {path: path.stat().st_ino for path in copies} == copies, "no compressed copy written again"
        # Served as collected, whichever encoding the browser accepts.
        stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body).group(1).decode()
        local = {"X-Forwarded-Proto": "http"}
        status, headers, plain = http(f"http://127.0.0.1:{port}", stylesheet, headers=local)
        assert status == 200 and "Content-Encoding" not in headers
        assert plain == (tmp_path / stylesheet.removeprefix("/")).read_bytes()
        for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            status, headers, data = http(f"http://127.0.0.1:{port}", stylesheet,
                                         headers={**local, "Accept-Encoding": encoding})
            assert status == 200 and headers["Content-Encoding"] == encoding
            assert decompress(data) == plain
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_deploy_stops_at_a_failed_check_before_migrating(tmp_path):
    # A secret key too short for production: check --deploy warns, which stops a deploy that asks for
    # warnings to stop it, and no database or static file is made.
    env = production_env(STL_VAR_DIR=tmp_path, DJANGO_SECRET_KEY="corta")
    result = subprocess.run([".venv/bin/python", "manage.py", "deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "portal.sqlite3").exists()
    assert not (tmp_path / "static").exists()
