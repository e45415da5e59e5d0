"""Shared pieces of the benchmarks: a production site in a temporary folder, gunicorn on 127.0.0.1,
a tiny HTTP client that keeps its cookies, and a throwaway PostgreSQL database.

Everything runs on the loopback interface and is bounded in time; the temporary folders and
databases are removed at the end.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def production_env(var_dir, database_url=None, **extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "STL_", "REDIS_", "DATABASE_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "stl_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "STL_VAR_DIR": str(var_dir),
        "DJANGO_LOG_LEVEL": "ERROR",
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} falló:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def shell(env, code, timeout=600):
    return manage(env, "shell", "--no-imports", "-c", code, timeout=timeout)


PREPARE = """
import io, os
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", stdout=io.StringIO())
if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
    call_command("collectstatic", interactive=False, verbosity=0)
"""


def prepare_site(env, then=""):
    """migrate, the demo record and collectstatic (skipped when ``STATIC_ROOT`` already holds a
    collection, as when two sites of one run share it), then the code ``then``, in one process:
    each ``manage.py`` started apart costs a start of Django. Returns what ``then`` printed."""
    return shell(env, PREPARE + then)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1; a context manager that always stops it."""

    def __init__(self, app, env, workers, chdir=ROOT, health="/salud/"):
        self.port = free_port()
        self.args = [GUNICORN, app, "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                     "--timeout", "60", "--graceful-timeout", "5", "--backlog", "512"]
        self.env, self.chdir, self.health = env, chdir, health
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.args, cwd=self.chdir, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn no arrancó")
            with contextlib.suppress(OSError):
                if Client(self.port).request("GET", self.health)[0] == 200:
                    return self
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn no respondió en 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """One visitor: keeps cookies, speaks to 127.0.0.1 as the TLS proxy would (X-Forwarded-Proto)."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout = port, timeout
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return response.status, response.headers, content
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, form):
        """GET the form for its CSRF token, then POST it; returns the POST's (status, headers, body)."""
        status, _, page = self.get(path)
        match = CSRF_INPUT.search(page)
        if status != 200 or not match:
            return status, {}, page
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": match.group(1).decode()})

    def login_admin(self, username, password):
        status, headers, _ = self.post_form("/admin/login/?next=/admin/", {
            "username": username, "password": password, "next": "/admin/"})
        return status == 302 and urlsplit(headers.get("Location", "")).path == "/admin/"


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@contextlib.contextmanager
def temporary_site(seed=False):
    """A temporary var/ folder. With ``seed``, its SQLite database starts as a copy of the test suite's
    migrated template (var/test-template-*.sqlite3, when the suite has run in this checkout), so that
    ``migrate`` only checks it instead of building every table: what is measured is the same site."""
    folder = Path(tempfile.mkdtemp(prefix="stl-bench-"))
    templates = sorted((ROOT / "var").glob("test-template-*.sqlite3"))
    if seed and len(templates) == 1:
        import sqlite3

        with contextlib.closing(sqlite3.connect(templates[0])) as source, \
                contextlib.closing(sqlite3.connect(folder / "portal.sqlite3")) as copy:
            source.backup(copy)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def temporary_postgres(server_url, seed=False):
    """A new database on the PostgreSQL server of ``server_url`` (empty, or with ``seed`` a copy of the
    test suite's migrated template when there is one); dropped afterwards."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"stl_bench_{uuid.uuid4().hex[:10]}"
    admin = dict(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                 password=parts.password, dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as connection:
        # The test suite's migrated template on this server, if there is exactly one (as after the
        # suite ran on it in CI): migrate then only checks the copy instead of building every table.
        templates = [row[0] for row in connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'stl\\_test\\_template\\_%' "
            "AND datname NOT LIKE '%\\_building'")]
        template = f' TEMPLATE "{templates[0]}"' if seed and len(templates) == 1 else ""
        connection.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
