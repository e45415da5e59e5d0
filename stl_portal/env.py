"""Tiny helpers that read settings from the environment."""

import os

TRUE = {"1", "true", "yes", "on", "si", "sí"}
FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{name} must be one of {sorted(TRUE | FALSE)}, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
