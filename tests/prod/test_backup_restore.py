"""`make backup` and `make restore`: a restore into an empty database gives the same export and the
same history, on SQLite and (when the suite runs on it) on PostgreSQL."""

import json
import os
import stat
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import template_db
from tests.prod.conftest import ROOT, manage, production_env

RETITLE = """
from commitments.models import Commitment
commitment = Commitment.objects.published().order_by("pk").first()
commitment.title = "Título cambiado antes del respaldo"
commitment.save()
"""
# What `manage.py export_stl` writes and every history row, read by one process (one Django start-up)
# into a file (some 100 kB: not through a pipe).
STATE = """
import io, json
from django.core.management import call_command
from stl_portal.backup import history_snapshot
export = io.StringIO()
call_command("export_stl", stdout=export)
with open({output!r}, "w", encoding="utf-8") as output:
    json.dump({{"export": export.getvalue(), "history": history_snapshot()}}, output)
"""


def state(env, first=""):
    """(export, history) of the database of ``env``, after running the code ``first`` in the same process."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "estado.json"
        manage("shell", "--no-imports", "-c", first + STATE.format(output=str(output)), env=env)
        values = json.loads(output.read_text(encoding="utf-8"))
    return values["export"], values["history"]


def make(target, env, **variables):
    arguments = [f"{key}={value}" for key, value in variables.items()]
    # -o: never (re)install the virtualenv from a test.
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", target, *arguments], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.own_sqlite_site
def test_a_sqlite_backup_restored_into_an_empty_database_gives_the_same_export_and_history(site_copy, tmp_path):
    env = site_copy.env
    export, history = state(env, first=RETITLE)
    assert sum(len(rows) for rows in history.values()) > 60
    assert "Título cambiado antes del respaldo" in export

    backup_file = tmp_path / "respaldo.sqlite3"
    result = make("backup", env, FILE=backup_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert stat.S_IMODE(os.stat(backup_file).st_mode) == 0o600  # password hashes and sessions inside

    empty = production_env(STL_VAR_DIR=tmp_path / "nueva")
    result = make("restore", empty, FILE=backup_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert state(empty) == (export, history)
    # And the restored portal is a working one: its migrations are all applied.
    assert "[ ]" not in manage("showmigrations", env=empty).stdout


@pytest.mark.own_sqlite_site
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(site_copy, tmp_path):
    env = site_copy.env
    backup_file = tmp_path / "respaldo.sqlite3"
    manage("backup", "--output", str(backup_file), env=env)
    before = state(env, first=RETITLE)
    result = manage("restore", str(backup_file), env=env, check=False)
    assert result.returncode != 0
    assert "no está vacía" in result.stderr
    assert state(env) == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "falso.sqlite3"
    bogus.write_bytes(b"<html>no soy un respaldo</html>")
    env = production_env(STL_VAR_DIR=tmp_path / "nueva")
    result = manage("restore", str(bogus), env=env, check=False)
    assert result.returncode != 0
    assert "no es un respaldo" in result.stderr
    result = manage("restore", str(tmp_path / "no-existe.sqlite3"), env=env, check=False)
    assert "No existe el archivo" in result.stderr


def test_make_restore_without_a_file_says_how_to_use_it():
    result = make("restore", production_env())
    assert result.returncode != 0
    assert "make restore FILE=" in result.stdout


@pytest.mark.django_db
def test_a_postgresql_backup_restored_into_an_empty_database_gives_the_same_export_and_history(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the suite runs on it when DATABASE_URL is postgres")
    import psycopg

    main = settings.DATABASES["default"]
    names = [f"stl_respaldo_{uuid.uuid4().hex[:8]}", f"stl_restaurada_{uuid.uuid4().hex[:8]}"]
    server = dict(host=main["HOST"], port=main["PORT"], user=main["USER"], password=main["PASSWORD"],
                  dbname="postgres", autocommit=True)

    def url(name):
        password = f":{main['PASSWORD']}" if main["PASSWORD"] else ""
        return f"postgres://{main['USER']}{password}@{main['HOST']}:{main['PORT']}/{name}"

    with psycopg.connect(**server) as admin:
        # The source comes migrated (the suite's template, made when its database was set up): migrate
        # checks it and has nothing to apply. The target is empty, as a restore needs it.
        template = template_db.postgresql_template()
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        admin.execute(f'CREATE DATABASE "{names[0]}"' + (f' TEMPLATE "{template}"' if found else ""))
        admin.execute(f'CREATE DATABASE "{names[1]}"')
    try:
        source = production_env(STL_VAR_DIR=tmp_path / "var", DATABASE_URL=url(names[0]))
        target = production_env(STL_VAR_DIR=tmp_path / "var", DATABASE_URL=url(names[1]))
        manage("migrate", "--noinput", env=source)
        manage("load_demo", env=source)
        before = state(source, first=RETITLE)
        backup_file = tmp_path / "respaldo.dump"
        manage("backup", "--output", str(backup_file), env=source)
        assert backup_file.read_bytes().startswith(b"PGDMP")
        manage("restore", str(backup_file), env=target)
        assert state(target) == before
        refused = manage("restore", str(backup_file), env=target, check=False)
        assert refused.returncode != 0 and "no está vacía" in refused.stderr
    finally:
        with psycopg.connect(**server) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
