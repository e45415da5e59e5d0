"""Settings for the test suite: the real settings, with a throwaway secret key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from stl_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405

# A file, not shared-cache memory: tests then see SQLite exactly as the web server does (WAL, busy
# timeout, immediate transactions), and the live server of the browser tests shares it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-portal.sqlite3")}  # noqa: F405

# Production settings (issue 6) that the test client and the browser tests' live server (plain http,
# no collectstatic) cannot use; tests/prod checks the real values in a subprocess.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The page cache would outlive each test's rolled-back database; tests/prod turns it on where it is tested.
STL_PAGE_CACHE = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stl-tests"}}
# WhiteNoise finds static files through the finders (no collectstatic before the tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The outage check asks the database at most this often; tests that count queries must not see it
# (tests/prod sets it to 0 where the outage behaviour is tested).
STL_DATABASE_CHECK_SECONDS = 10**9
