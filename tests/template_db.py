"""One migrated database per set of migrations, copied into each test worker's database.

Running the migrations is the slowest part of starting the suite (some 9 s of CPU each time, mostly
Django rebuilding its model states), and pytest-xdist's workers each ran them. Instead the first worker
migrates a *template* once and every worker copies it: on SQLite a file copied with SQLite's backup
API, on PostgreSQL ``CREATE DATABASE … TEMPLATE``. The template's name carries a fingerprint of every
installed app's migration files, so a changed or added migration builds a new one (and the old one is
removed); an unchanged checkout starts the next run without migrating at all.

``pytest --create-db`` skips all this and migrates each worker's database the usual way.

``python -m tests.template_db`` builds the template ahead of the suite, so that the suite's workers find
it made (on a fresh checkout one worker migrated for some 10 s while the other waited): ``make
test-setup`` builds SQLite's beside the install of the test tools, and .ci/run builds PostgreSQL's (with
``DATABASE_URL`` set) after the SQLite suite, beside the lint and migration checks.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings


def fingerprint():
    """A short hash of every migration file of every installed app (ours and the libraries')."""
    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextlib.contextmanager
def _locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _template_lock(vendor="sqlite"):
    """Held while a template is looked for, built or copied: one process builds it, the others wait.
    One lock per database, so that SQLite's template and PostgreSQL's are built side by side."""
    return _locked(Path(settings.VAR_DIR) / f"test-template-{vendor}.lock")


def _migrate(database_url):
    """``manage.py migrate`` into the database at ``database_url``, in a child process with the test
    settings (the parent's connections stay as they are)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "stl_portal.settings_test"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
                   cwd=settings.BASE_DIR, env=env, check=True)


def _sqlite_template(stamp):
    """The migrated SQLite template of these migrations, built when missing (call under the lock)."""
    template = Path(settings.VAR_DIR) / f"test-template-{stamp}.sqlite3"
    if not template.exists():
        building = template.with_suffix(".building")
        building.unlink(missing_ok=True)
        _migrate(f"sqlite:///{building}")
        with contextlib.closing(sqlite3.connect(building)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA journal_mode=DELETE")
        building.rename(template)
        for old in Path(settings.VAR_DIR).glob("test-template-*.sqlite3"):
            if old != template:
                old.unlink(missing_ok=True)
    return template


def copy_sqlite(source, target):
    """Copy the SQLite database at ``source`` to ``target`` (SQLite's backup API: a consistent copy,
    written-ahead pages included), replacing whatever was there."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(source)) as original, contextlib.closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def seed_sqlite(target):
    """Put a migrated database at ``target`` (a SQLite file a subprocess of the tests will open: a
    production site, a second server), so that its ``migrate`` has nothing left to do."""
    with _template_lock():
        copy_sqlite(_sqlite_template(fingerprint()), target)


def postgresql_template():
    """The name of the migrated PostgreSQL template of these migrations (it exists once the suite's
    own database was set up on PostgreSQL)."""
    return f"stl_test_template_{fingerprint()}"


def _postgresql_template(cursor):
    """Build the migrated PostgreSQL template of these migrations when it is missing (call under the
    lock, with a cursor outside any database: ``connection._nodb_cursor()``)."""
    template = postgresql_template()
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
    if cursor.fetchone() is None:
        building = template + "_building"
        cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
        cursor.execute(f'CREATE DATABASE "{building}"')
        url = urlsplit(os.environ["DATABASE_URL"])
        _migrate(urlunsplit(url._replace(path="/" + building)))
        cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'stl\\_test\\_template\\_%%' "
                       "AND datname <> %s", [template])
        for (old,) in cursor.fetchall():
            with contextlib.suppress(Exception):  # in use by another run: left for later
                cursor.execute(f'DROP DATABASE "{old}"')
    return template


def _postgresql(connection, test_name, stamp):
    with connection._nodb_cursor() as cursor:
        template = _postgresql_template(cursor)
        cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
        cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')


def prepare():
    """Give this worker a migrated test database copied from the template; True when it did (the
    caller then keeps the database instead of creating it), False where it cannot (in-memory SQLite,
    another database, or no DATABASE_URL to migrate a PostgreSQL template through)."""
    from django.db import connections

    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()
    vendor = connection.vendor
    if vendor == "sqlite" and connection.creation.is_in_memory_db(test_name):
        return False
    if vendor == "postgresql" and not os.environ.get("DATABASE_URL"):
        return False
    if vendor not in ("sqlite", "postgresql"):
        return False
    stamp = fingerprint()
    with _template_lock(vendor):
        if vendor == "sqlite":
            copy_sqlite(_sqlite_template(stamp), test_name)
        else:
            _postgresql(connection, test_name, stamp)
    return True


def main():
    """Build the migrated template of this checkout's migrations if it is missing: SQLite's, or with a
    PostgreSQL ``DATABASE_URL`` the server's (.ci/run builds it after the SQLite suite, beside its checks)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stl_portal.settings_test")
    import django

    django.setup()
    from django.db import connections

    connection = connections["default"]
    with _template_lock(connection.vendor):
        if connection.vendor == "sqlite":
            _sqlite_template(fingerprint())
        elif connection.vendor == "postgresql" and os.environ.get("DATABASE_URL"):
            with connection._nodb_cursor() as cursor:
                _postgresql_template(cursor)


if __name__ == "__main__":
    main()
