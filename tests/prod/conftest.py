"""Helpers for the production tests: production settings in a subprocess, and a real gunicorn.

``production_env()`` is the environment of a production server with only the four variables the
README asks for. ``reading_server`` is one gunicorn shared by a module's tests that only read;
``portal_server`` starts gunicorn (two workers) on a free 127.0.0.1 port over a
SQLite database of its own with the demo record, collected static files and the file cache, exactly
as ``make serve`` does; requests carry ``X-Forwarded-Proto: https`` as the TLS proxy would.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests import template_db

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

# The prepared site's collected static files, kept between runs (under the checkout's var/, as the
# suite's template databases are).
STATIC_KEPT = Path(settings.VAR_DIR) / "test-static"
PREPARE = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
"""


def pytest_collection_modifyitems(config, items):
    """Tests marked ``own_sqlite_site`` run gunicorn, ``make serve`` or collectstatic over SQLite sites of
    their own (``production_env()`` leaves DATABASE_URL out): they do exactly the same whatever database
    the suite runs on. CI runs them in its SQLite run and not again in its PostgreSQL run."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    again = [item for item in items if item.get_closest_marker("own_sqlite_site")]
    if again:
        items[:] = [item for item in items if not item.get_closest_marker("own_sqlite_site")]
        config.hook.pytest_deselected(items=again)


def production_env(**extra):
    """The environment of a production process: the four variables and nothing of the test run."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("DJANGO_", "STL_", "REDIS_", "DATABASE_"))}
    environment.update({
        "DJANGO_SETTINGS_MODULE": "stl_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    })
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


def manage(*args, env, timeout=180, check=True):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(base, path, method="GET", headers=None, data=None, timeout=20):
    """(status, headers, body) of one request; never raises for an HTTP error status."""
    request = urllib.request.Request(base + path, method=method, data=data,
                                     headers={**PROXY_HEADERS, **(headers or {})})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Gunicorn:
    """A gunicorn serving the portal on 127.0.0.1 with production settings; stopped by ``stop()``."""

    def __init__(self, env, workers=2, log_dir=None, wait=True):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = Path(log_dir or env["STL_VAR_DIR"]) / f"access-{self.port}.log"
        self.error_log = Path(log_dir or env["STL_VAR_DIR"]) / f"error-{self.port}.log"
        self.process = subprocess.Popen(
            [str(GUNICORN), "stl_portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(p)s %(s)s %(U)s",
             "--error-logfile", str(self.error_log)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if wait:
            self.wait_until_it_answers()

    def wait_until_it_answers(self):
        """Returns once /salud/ answers (servers started with ``wait=False`` boot side by side)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("gunicorn stopped:\n" + self.error_log.read_text())
            try:
                status, _, _ = http(self.base, "/salud/", timeout=2)
                if status in (200, 503):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not answer in 60 s")

    def worker_pids(self):
        """The pids of the workers that answered, from the access log (``pid status path``)."""
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return {line.split()[0] for line in lines if line.strip()}

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory):
    """A production var/ folder: migrated SQLite with the demo record, static files collected.

    Made once per run: all of tests/prod is one work unit of pytest-xdist (tests/scheduling.py)."""
    var = tmp_path_factory.mktemp("prod-var")
    env = production_env(STL_VAR_DIR=var)
    template_db.seed_sqlite(var / "portal.sqlite3")  # migrated already: migrate checks, and has nothing to do
    with template_db._locked(STATIC_KEPT.with_name("test-static.lock")):
        if STATIC_KEPT.is_dir():
            shutil.copytree(STATIC_KEPT, var / "static")  # mtimes kept: collectstatic sees them as collected
    manage("shell", "--no-imports", "-c", PREPARE, env=env)  # one process: Django starts once, not three times
    keep_static_files(var / "static")
    return var


def keep_static_files(static):
    """Keep the files of this collectstatic, compressed copies included, for the next run's prepared
    site: its collectstatic (stl_portal/staticfiles.py) then compresses only what changed since, as a
    redeploy does. Files of older releases are not kept, nor the manifest, which it writes again."""
    paths = json.loads((static / "staticfiles.json").read_text())["paths"]
    wanted = set(paths) | set(paths.values())

    def not_wanted(folder, names):
        relative = Path(folder).relative_to(static)
        return [name for name in names if not (Path(folder) / name).is_dir()
                and str(relative / name).removeprefix("./").removesuffix(".br").removesuffix(".gz") not in wanted]

    with template_db._locked(STATIC_KEPT.with_name("test-static.lock")):
        building = STATIC_KEPT.with_name("test-static.building")
        shutil.rmtree(building, ignore_errors=True)
        shutil.copytree(static, building, ignore=not_wanted)
        shutil.rmtree(STATIC_KEPT, ignore_errors=True)
        building.rename(STATIC_KEPT)


def copy_site(prepared_site, folder):
    var = folder / "var"
    shutil.copytree(prepared_site, var, ignore=shutil.ignore_patterns("cache", "*.log"))
    return SimpleNamespace(var=var, env=production_env(STL_VAR_DIR=var), database=var / "portal.sqlite3")


@pytest.fixture
def site_copy(prepared_site, tmp_path):
    """A private copy of the prepared site, for a test that changes or breaks its database."""
    return copy_site(prepared_site, tmp_path)


@pytest.fixture
def portal_server(site_copy):
    """gunicorn with two workers over a private copy of the prepared site."""
    server = Gunicorn(site_copy.env, workers=2)
    server.site = site_copy
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reading_server(prepared_site, tmp_path_factory):
    """One gunicorn with two workers over a copy of the prepared site, shared by the tests of a module
    that only read from it (a test that writes or breaks something takes ``portal_server``)."""
    site = copy_site(prepared_site, tmp_path_factory.mktemp("reading-site"))
    server = Gunicorn(site.env, workers=2)
    server.site = site
    yield server
    server.stop()
