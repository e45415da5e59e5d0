"""Background jobs that only the tests queue (a worker process imports them by path)."""

import os
import time
from pathlib import Path

from core.jobs import PermanentJobError, background

FAILURES = []


def remember_failure(*args, error="", **kwargs):
    FAILURES.append((args, error))
    marker = kwargs.get("marker")
    if marker:
        Path(marker).write_text(f"falló: {error}")


@background(label="Prueba: siempre falla", max_attempts=3, on_failure=remember_failure)
def always_fails(marker=None):
    raise RuntimeError("la prueba falla a propósito")


@background(label="Prueba: falla sin remedio", max_attempts=3, on_failure=remember_failure)
def fails_for_good():
    raise PermanentJobError("no hay nada que reintentar")


@background(label="Prueba: falla una vez", max_attempts=3)
def fails_once(path):
    target = Path(path)
    runs = int(target.read_text()) if target.exists() else 0
    target.write_text(str(runs + 1))
    if runs == 0:
        raise RuntimeError("primer intento fallido")


@background(label="Prueba: tarda", max_attempts=3)
def slow(path, seconds):
    """Writes who started it, waits, then writes that it finished."""
    target = Path(path)
    with target.open("a") as handle:
        handle.write(f"inicio {os.getpid()}\n")
    time.sleep(seconds)
    with target.open("a") as handle:
        handle.write(f"fin {os.getpid()}\n")
