"""Backups of the whole database, and their restore into an empty one.

SQLite: an online copy through SQLite's own backup API (consistent even while gunicorn writes).
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --single-transaction``. Either way the file
holds everything: records, their history, accounts (password hashes) and sessions, so it is written
readable by its owner only. A restore refuses a database that already has tables: it is for a new,
empty database (after a loss, or to test the backup), never a silent overwrite.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"


def default_backup_path(alias="default"):
    vendor = connections[alias].vendor
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"portal-{stamp}.{suffix}"


def _pg_command(program, database):
    if not shutil.which(program):
        raise CommandError(f"No se encontró {program}: instale el cliente de PostgreSQL (postgresql-client).")
    args = [program, "--no-owner", "--no-privileges", "--dbname", database["NAME"]]
    if database.get("HOST"):
        args += ["--host", database["HOST"]]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return args, env


def backup(output, alias="default"):
    """Write a full backup of the database to ``output``; returns its size in bytes."""
    connection = connections[alias]
    database = connection.settings_dict
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=output.parent, prefix=".respaldo-")
    os.close(descriptor)
    os.chmod(temporary, 0o600)
    try:
        if connection.vendor == "sqlite":
            source = sqlite3.connect(database["NAME"])
            target = sqlite3.connect(temporary)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        elif connection.vendor == "postgresql":
            args, env = _pg_command("pg_dump", database)
            result = subprocess.run([*args, "--format=custom", "--file", temporary], env=env,
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise CommandError(f"pg_dump falló: {result.stderr.strip()}")
        else:
            raise CommandError(f"No se sabe respaldar una base {connection.vendor}.")
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return output.stat().st_size


def restore(source, alias="default"):
    """Load a backup into the (empty) database of ``alias``."""
    source = Path(source)
    if not source.is_file():
        raise CommandError(f"No existe el archivo {source}.")
    with source.open("rb") as handle:
        header = handle.read(16)
    connection = connections[alias]
    database = connection.settings_dict
    if connection.introspection.table_names():
        raise CommandError(
            "La base de datos de destino no está vacía: la restauración solo escribe en una base "
            "nueva y vacía. Cree una base vacía (o mueva el archivo SQLite) y vuelva a intentarlo."
        )
    connection.close()
    if connection.vendor == "sqlite":
        if header != SQLITE_HEADER:
            raise CommandError("El archivo no es un respaldo de SQLite.")
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError("El respaldo está dañado (PRAGMA integrity_check).")
            target = sqlite3.connect(database["NAME"])
            try:
                backup_db.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"El archivo no es un respaldo de SQLite legible: {error}") from error
        finally:
            backup_db.close()
    elif connection.vendor == "postgresql":
        if not header.startswith(PGDUMP_HEADER):
            raise CommandError("El archivo no es un respaldo de pg_dump (formato personalizado).")
        args, env = _pg_command("pg_restore", database)
        result = subprocess.run([*args, "--exit-on-error", "--single-transaction", str(source)], env=env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"pg_restore falló; la base quedó como estaba: {result.stderr.strip()}")
    else:
        raise CommandError(f"No se sabe restaurar una base {connection.vendor}.")
    # Pages cached from the database before the restore no longer describe it.
    from stl_portal.cache import invalidate_pages

    invalidate_pages(alias)


def history_snapshot():
    """Every history row of every tracked model, in order: equal before and after a restore."""
    snapshot = {}
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            rows = model.objects.order_by("history_id").values_list()
            snapshot[model._meta.db_table] = [[str(value) for value in row] for row in rows]
    return snapshot
