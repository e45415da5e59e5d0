"""Production settings: `check --deploy` passes with only the four variables, HTTPS behind the proxy,
Argon2 passwords and Django's password validators."""

import functools
import json
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.utils.module_loading import import_string
from whitenoise.storage import CompressedManifestStaticFilesStorage

from tests.prod.conftest import ROOT, manage, production_env

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
    "'hashers': s.PASSWORD_HASHERS, 'validators': [v['NAME'] for v in s.AUTH_PASSWORD_VALIDATORS],"
    "'proxy': s.SECURE_PROXY_SSL_HEADER, 'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
    "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE,"
    "'session_engine': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'],"
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'middleware': s.MIDDLEWARE}))"
)


@functools.cache  # one Django start-up per set of variables, shared by the tests that read them
def production_settings(**env):
    result = subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=production_env(**env),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_with_only_the_four_variables(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_when_https_is_switched_off_for_a_local_try(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}", DJANGO_HTTPS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect


def test_production_forces_https_behind_the_proxy_with_hsts_and_secure_cookies():
    values = production_settings()
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["redirect"] is True
    assert values["hsts"] >= 31_536_000
    assert values["session_secure"] is True and values["csrf_secure"] is True
    assert values["static"] == "stl_portal.staticfiles.IncrementalCompressedManifestStaticFilesStorage"
    assert issubclass(import_string(values["static"]), CompressedManifestStaticFilesStorage)  # hashed, compressed
    assert values["middleware"][:4] == ["stl_portal.cache.AnonymousPageCacheMiddleware",
                                        "django.middleware.security.SecurityMiddleware",
                                        "stl_portal.middleware.PermissionsPolicyMiddleware",
                                        "whitenoise.middleware.WhiteNoiseMiddleware"]
    assert values["session_engine"] == "django.contrib.sessions.backends.db"


def test_production_hashes_passwords_with_argon2_and_validates_them():
    values = production_settings()
    assert values["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in values["validators"]
    assert "django.contrib.auth.password_validation.MinimumLengthValidator" in values["validators"]
    with override_settings(PASSWORD_HASHERS=values["hashers"]):
        encoded = make_password("una contraseña larga de prueba")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("una contraseña larga de prueba", encoded)


def test_redis_url_switches_the_shared_cache_to_djangos_redis_backend():
    assert production_settings(REDIS_URL="redis://127.0.0.1:6379/0")["cache"] == (
        "django.core.cache.backends.redis.RedisCache")
    assert production_settings()["cache"] == "django.core.cache.backends.filebased.FileBasedCache"


@pytest.mark.django_db
def test_a_plain_http_request_is_sent_to_https_unless_the_proxy_says_it_was_https(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/compromisos/").status_code == 301
        assert client.get("/compromisos/").url.startswith("https://")
        assert client.get("/compromisos/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
        # The load balancer's health check is answered over plain http.
        assert client.get("/salud/").status_code == 200


@pytest.mark.django_db
def test_weak_passwords_are_refused_by_the_validators():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "corta", "password123"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
