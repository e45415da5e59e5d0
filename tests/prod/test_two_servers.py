"""Two app servers behind a load balancer (README, Production): two gunicorn servers on loopback
that share one database (PostgreSQL when the suite runs on it, else one SQLite file), one Redis
server (Debian's redis-server) and one S3-compatible object store (moto's server mode).

Through the pair: a file uploaded through one is downloaded through the other and lives only in the
bucket; a commitment published through one shows at once on the other's cached public page; a job
queued by one is done by a worker beside the other, and its PDF downloaded from either.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings

from tests import template_db
from tests.prod.conftest import GUNICORN, Gunicorn, free_port, http, manage, production_env

REDIS = shutil.which("redis-server")
MOTO = Path(sys.executable).with_name("moto_server")
BUCKET = "portal-stl-prueba"
EVIDENCE = b"%PDF-1.4\n% evidencia subida por un servidor y leida por el otro\n%%EOF\n"

# One process (one Django start-up): migrate (a check: the database comes migrated), the demo record
# (on SQLite the database is a copy of the prepared site's, which has it: load_demo finds it there),
# then what the test needs.
SETUP = """
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
from django.contrib.auth.models import User
from commitments.models import Commitment
from workgroups.models import Account
commitment = Commitment.objects.published().filter(milestones__isnull=False).order_by("pk").first()
commitment.withdraw("Retirado por la prueba de dos servidores")
milestone = commitment.milestones.order_by("order").first()
stl = commitment.plan.stl
member = User.objects.create_user("integrante-dos", password="{password}")
Account.objects.create(user=member, stl=stl, role=Account.Role.MEMBER, institution=commitment.lead_institution)
staff = User.objects.create_user("personal-dos", password="{password}")
Account.objects.create(user=staff, stl=stl, role=Account.Role.STAFF, institution=commitment.lead_institution)
print(json.dumps({{"commitment": commitment.identifier, "title": commitment.title,
                  "milestone": milestone.identifier, "order": milestone.order,
                  "institution": commitment.lead_institution.identifier}}))
"""


def wait_port(port, seconds=30):
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class Visitor:
    """A browser of one server: keeps its cookies, sends the CSRF token, Origin and proxy header."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def on(self, server):
        other = Visitor(server)
        other.cookies = self.cookies  # the same browser session, sent to the other app server
        return other

    def request(self, path, method="GET", data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://127.0.0.1:{self.server.port}"
        status, response_headers, body = http(self.server.base, path, method=method, data=data, headers=headers)
        for value in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return status, response_headers, body

    def get(self, path):
        return self.request(path)

    def form_fields(self, path):
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        return dict(re.findall(rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))

    def post(self, path, fields, files=None):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                         + (value if isinstance(value, bytes) else str(value).encode()) + b"\r\n")
        for name, (filename, content, content_type) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                         + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, "POST", data=body,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def login(self, username, password):
        token = self.form_fields("/cuentas/entrar/")[b"csrfmiddlewaretoken"].decode()
        status, headers, _ = self.post("/cuentas/entrar/", {"csrfmiddlewaretoken": token,
                                                            "username": username, "password": password})
        assert status == 302, "logged in"


@pytest.fixture
def shared_services(tmp_path, prepared_site):
    """Redis, the S3-compatible store and a database, all fresh and on loopback."""
    if not REDIS or not MOTO.exists():
        if os.environ.get("CI"):
            pytest.fail("redis-server (Debian) and moto[server] are needed: make test installs them")
        pytest.skip("redis-server or moto_server missing")
    processes = []
    redis_port, s3_port = free_port(), free_port()
    processes.append(subprocess.Popen(
        [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    processes.append(subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(s3_port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    database_url, drop = shared_database(tmp_path, prepared_site)
    try:
        wait_port(redis_port)
        wait_port(s3_port)
        s3 = {"AWS_ACCESS_KEY_ID": "prueba", "AWS_SECRET_ACCESS_KEY": "prueba-secreta",
              "AWS_S3_REGION_NAME": "us-east-1", "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}"}
        import boto3

        client = boto3.client("s3", endpoint_url=s3["AWS_S3_ENDPOINT_URL"], region_name="us-east-1",
                              aws_access_key_id="prueba", aws_secret_access_key="prueba-secreta")
        client.create_bucket(Bucket=BUCKET)
        yield {
            "DATABASE_URL": database_url, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "STL_MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, **s3,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "s3_client": client,
        }
    finally:
        for process in processes:
            stop(process)
        drop()


def shared_database(tmp_path, prepared_site):
    """A new PostgreSQL database on the suite's server when the suite runs on PostgreSQL, else a
    SQLite file both servers open (a copy of the prepared site's: migrated, with the demo record);
    and how to drop it."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        template_db.copy_sqlite(prepared_site / "portal.sqlite3", tmp_path / "compartida.sqlite3")
        return f"sqlite:///{tmp_path / 'compartida.sqlite3'}", lambda: None
    import psycopg

    params = settings.DATABASES["default"]
    name = f"stl_dos_servidores_{secrets.token_hex(4)}"
    conninfo = {"host": params["HOST"] or "localhost", "port": params["PORT"] or 5432,
                "user": params["USER"], "password": params["PASSWORD"] or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}, autocommit=True) as conn:
        template = template_db.postgresql_template()  # migrated, made when the suite's database was set up
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if found else ""))

    def drop():
        with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    auth = params["USER"] + (f":{urllib.parse.quote(params['PASSWORD'])}" if params["PASSWORD"] else "")
    return f"postgres://{auth}@{conninfo['host']}:{conninfo['port']}/{name}", drop


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn missing")
def test_two_app_servers_share_uploads_pages_and_jobs(shared_services, prepared_site, tmp_path):
    services = dict(shared_services)
    s3 = services.pop("s3_client")
    password = "clave-de-dos-servidores-1"

    def server_env(name):
        var = tmp_path / name
        var.mkdir()
        return production_env(STL_VAR_DIR=var, STL_JOB_LEASE_SECONDS=5, **services)

    env_a, env_b = server_env("servidor-a"), server_env("servidor-b")
    record = json.loads(manage("shell", "--no-imports", "-c", SETUP.format(password=password),
                              env=env_a).stdout.strip().splitlines()[-1])
    for env in (env_a, env_b):
        # The static files collected by `collectstatic` for the prepared site (tests/prod/conftest.py):
        # the same files, without compressing them twice more.
        shutil.copytree(prepared_site / "static", Path(env["STL_VAR_DIR"]) / "static")
    a = b = worker = None
    try:
        # Both servers and the worker beside B boot side by side.
        a, b = Gunicorn(env_a, workers=1, wait=False), Gunicorn(env_b, workers=1, wait=False)
        with (tmp_path / "worker.log").open("w") as log:
            worker = subprocess.Popen([sys.executable, "manage.py", "jobs_worker", "--interval", "0.2",
                                       "--no-startup-delay"], cwd=settings.BASE_DIR, env=env_b,
                                      stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        a.wait_until_it_answers()
        b.wait_until_it_answers()
        # A commitment published through A shows at once on B's cached public list.
        http(b.base, "/compromisos/")
        status, headers, listing = http(b.base, "/compromisos/")
        assert status == 200 and headers["X-Portal-Cache"] == "hit"
        assert record["title"].encode() not in listing
        member = Visitor(a)
        member.login("integrante-dos", password)
        detail = f"/panel/compromisos/{record['commitment']}/"
        token = member.form_fields(detail)[b"csrfmiddlewaretoken"].decode()
        status, _, _ = member.post(f"/panel/compromisos/{record['commitment']}/publicar/",
                                   {"csrfmiddlewaretoken": token})
        assert status == 302
        status, _, listing = http(b.base, "/compromisos/")
        assert record["title"].encode() in listing, "B's cached page gave way to the publication made on A"

        # A file uploaded through A is downloaded through B, and lives only in the bucket.
        progress = f"/panel/compromisos/hitos/{record['milestone']}/avance/"
        fields = {k.decode(): v.decode() for k, v in member.form_fields(progress).items()}
        fields.update({"date": "2021-06-30", "completion_percent": "60",
                       "note": "Evidencia subida a través del servidor A", "evidence_url": ""})
        status, _, body = member.post(progress, fields, files={
            "evidence_file": ("evidencia.pdf", EVIDENCE, "application/pdf")})
        assert status == 302, body[:2000]
        status, headers, downloaded = http(
            b.base, f"/compromisos/{record['commitment']}/hitos/{record['order']}/evidencia")
        assert status == 200 and downloaded == EVIDENCE
        keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert any(key.startswith("media/") and key.endswith(".pdf") for key in keys), keys
        for env in (env_a, env_b):
            media = Path(env["STL_VAR_DIR"]) / "media"
            assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), "nothing on local disk"

        # A report PDF asked for on A is made by a worker beside B and downloaded from either.
        staff = Visitor(a)
        staff.login("personal-dos", password)
        request_page = f"/informes/{record['institution']}/2020-01-01/2021-12-31/pdf/"
        token = staff.form_fields(request_page)[b"csrfmiddlewaretoken"].decode()
        status, headers, _ = staff.post(request_page, {"csrfmiddlewaretoken": token})
        assert status == 302
        file_page = urllib.parse.urlparse(headers["Location"]).path
        on_b = staff.on(b)
        deadline = time.monotonic() + 120
        state = {}
        while time.monotonic() < deadline:
            status, _, body = on_b.get(file_page + "estado.json")
            assert status == 200
            state = json.loads(body)
            if not state["in_progress"]:
                break
            time.sleep(0.3)
        assert state.get("status") == "done", (state, (tmp_path / "worker.log").read_text())
        for visitor in (staff, on_b):
            status, headers, pdf = visitor.get(file_page + "descargar")
            assert status == 200 and pdf.startswith(b"%PDF-")
        keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert any(key.startswith("media/informes/") for key in keys), keys
        # Files are reached only through the portal's views: no page shows an address of the store.
        for path in (f"/compromisos/{record['commitment']}/", file_page):
            page = (on_b if path == file_page else Visitor(b)).get(path)[2]
            assert services["AWS_S3_ENDPOINT_URL"].encode() not in page and BUCKET.encode() not in page
    finally:
        for process in (worker, a and a.process, b and b.process):
            if process is not None:
                stop(process)

