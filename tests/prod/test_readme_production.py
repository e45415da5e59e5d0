"""The README's "Production" section names every variable the settings read."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_of_the_settings_is_in_the_readme():
    source = (ROOT / "stl_portal" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""(?:environ\.get|envbool|envint|envlist)\(\s*["']([A-Z_]+)["']""", source))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {"DJANGO_HTTPS", "REDIS_URL", "DJANGO_HSTS_SECONDS"} <= names
    assert [name for name in sorted(names) if f"`{name}`" not in readme] == []


def test_the_readme_says_how_to_run_two_app_servers_behind_one_proxy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    production = readme.split("## Production")[1].split("\n## ")[0]
    for needle in ["make serve", "Two app servers", "Sessions", "REDIS_URL", "MEDIA_ROOT", "/salud/",
                   "X-Forwarded-Proto", "make backup", "make restore"]:
        assert needle in production, needle
