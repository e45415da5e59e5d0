"""Settings read from the environment; production refuses to start without a secret key; SQLite is
set up for a web server with writers at once."""

import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection

from tests import factories as f
from workgroups.models import Institution

ROOT = settings.BASE_DIR


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "stl_portal.settings", **env})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_debugging_gets_a_development_key():
    result = run_python("import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
                        DJANGO_DEBUG="1")
    assert result.stdout.strip() == "True", result.stderr


def test_database_url_chooses_postgresql():
    code = ("import django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])")
    result = run_python(code, DJANGO_DEBUG="1", DATABASE_URL="postgres://stl:secreto@db.example:5433/portal")
    assert result.stdout.split() == ["django.db.backends.postgresql", "portal", "db.example", "5433"], result.stderr


def test_spanish_of_mexico_and_mexico_city_time():
    assert settings.LANGUAGE_CODE == "es-mx"
    assert settings.TIME_ZONE == "America/Mexico_City"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_do_not_get_database_is_locked(tmp_path):
    """Two threads write in overlapping transactions: the second waits, neither fails."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has row locks")
    from django.db import connections, transaction

    errors = []
    barrier = threading.Barrier(2)

    def writer(n):
        try:
            barrier.wait()
            for i in range(20):
                with transaction.atomic():
                    f.InstitutionFactory(name=f"Escritor {n} registro {i}")
        except Exception as error:  # pragma: no cover - the assertion shows it
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Institution.objects.filter(name__startswith="Escritor").count() == 40


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_migrations_can_be_checked_without_a_key_but_nothing_serves_without_one():
    checked = run_manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    for command in (["check", "--deploy"], ["runserver", "--noreload"], ["migrate"]):
        refused = run_manage(*command)
        assert refused.returncode != 0
        assert "DJANGO_SECRET_KEY is required" in refused.stderr
