"""Settings of the Portal STL, read from the environment.

Every variable is documented in the README. Development needs none of them: SQLite under
``var/`` and a development secret key when ``DJANGO_DEBUG=1``. Production refuses to start
without ``DJANGO_SECRET_KEY``.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stl_portal.env import envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STL_VAR_DIR", BASE_DIR / "var"))

DEBUG = envbool("DJANGO_DEBUG", False)

# Commands that only read the code (no request, no signature, no session) may run without a key,
# e.g. `manage.py makemigrations --check` in a plain shell; they get a random one for this process.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "open_data_schema"}

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and not DEBUG and len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" \
        and sys.argv[1] in KEYLESS_COMMANDS:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (production). "
            "Set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-never-in-production"

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "csp",
    # Every import points down this list: the project, then the open data and the reports built on
    # the record apps, which stand on core (docs/architecture.md).
    "stl_portal",
    "opendata",
    "reports",
    "cocreation",
    "alerts",
    "commitments",
    "sessions.apps.SessionsConfig",
    "workgroups",
    "core",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Production (issue 6), see the block below: the page cache for anonymous visitors (first, so
    # what it stores carries every header; stl_portal/wsgi.py answers those pages before Django),
    # static files, the Content-Security-Policy header, the 503 page when the database is down.
    "stl_portal.cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "stl_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "stl_portal.middleware.RefuseNulInQueryStringMiddleware",  # ?x=%00 → 400, never a 500
    "stl_portal.middleware.DatabaseUnavailableMiddleware",
    "stl_portal.sites.StlSiteMiddleware",  # /stl/<identifier>/… → request.stl (issue 15)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "stl_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stl_portal.context_processors.portal",
                "stl_portal.sites.site",
                "workgroups.context_processors.stl_identity",
            ],
        },
    },
]

WSGI_APPLICATION = "stl_portal.wsgi.application"

# Database: SQLite under var/ by default so a checkout just works; PostgreSQL via DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers at once wait for each other instead of failing with "database is locked":
    # WAL lets readers run beside a writer, IMMEDIATE takes the write lock when a transaction
    # starts (not halfway through it), and the timeout is how long a writer waits.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": envint("SQLITE_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/panel/"
LOGOUT_REDIRECT_URL = "/"

# Spanish (Mexico), times shown in Mexico City.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Español (México)"))]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploads (minutes, evidence): checked by content in the forms; the web server never sees more.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# ---------------------------------------------------------------------------------------------
# Production (issue 6): HTTPS, passwords, Content-Security-Policy, static files, cache, sessions.
# Every variable is in the README's "Production" section.
# ---------------------------------------------------------------------------------------------

# Behind a TLS proxy (nginx, Caddy, a load balancer) that sets X-Forwarded-Proto and strips any such
# header coming from outside; gunicorn listens on 127.0.0.1 only, so nobody else can set it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
# HTTPS everywhere in production. DJANGO_HTTPS=0 is only for trying production settings over plain
# http on one's own machine (`make serve HTTPS=0`): no redirect, no secure-only cookies, no HSTS.
HTTPS = envbool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# The health check is asked by the proxy or the load balancer over plain http.
SECURE_REDIRECT_EXEMPT = [r"^salud/$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "stl_portal.middleware.csrf_failure"
# Sessions live in the database (Django's default engine, said here on purpose): every gunicorn worker
# and every app server that shares the database sees the same sessions, and logging out deletes the
# row, so an old cookie is worth nothing. Eight hours, then log in again.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)

# Argon2 first (the winner of the Password Hashing Competition); the others only read old hashes
# and are upgraded to Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts only from the portal
# itself; no inline script or style, no eval, no plugins, no framing, forms post only here.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Static files: collected into STATIC_ROOT (`make serve` runs collectstatic) and served by WhiteNoise
# from gunicorn, compressed and with hashed names cached for a year.
# Uploads (minutes, evidence, document versions, report PDFs) go to MEDIA_ROOT on the local disk, or,
# with STL_MEDIA_STORAGE=s3, to any S3-compatible object store through django-storages, so that
# several app servers share them. Either way they are read only through the portal's own views,
# which check who may see them: the bucket stays private and no public bucket URL is ever shown.
STL_MEDIA_STORAGE = os.environ.get("STL_MEDIA_STORAGE", "local").strip().lower() or "local"
if STL_MEDIA_STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured("STL_MEDIA_STORAGE must be 'local' or 's3'.")
if STL_MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("STL_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and the endpoint and keys).")
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
            # WhiteNoise's hashed names and Brotli/gzip copies; a redeploy compresses only what changed.
            else "stl_portal.staticfiles.IncrementalCompressedManifestStaticFilesStorage"
        ),
    },
}

# The shared cache. Redis (Django's own backend) when REDIS_URL is set: shared by every worker of
# every app server. Otherwise files under var/cache: shared by every gunicorn worker of this machine,
# needs no service, keeps working when the database is down, and takes no SQLite write lock per
# cached page (a database cache would, competing with members' writes). Two app servers without
# Redis point STL_CACHE_DIR at a folder both mount.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "stl",
    }}
else:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("STL_CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": envint("STL_CACHE_MAX_ENTRIES", 5000)},
    }}
# Public pages for anonymous visitors are cached (stl_portal/cache.py) until the next write to any
# record, and at most this many seconds.
STL_PAGE_CACHE = envbool("STL_PAGE_CACHE", not DEBUG)  # off while developing: templates change
STL_PAGE_CACHE_SECONDS = envint("STL_PAGE_CACHE_SECONDS", 600)
# A write to any record of these apps (by app label) empties the page cache.
# The apps that hold the STL's records (by app label): their history rows date the public files
# (core/public.py) and fill the history pages.
STL_RECORD_APPS = {"workgroups", "stl_sessions", "commitments", "reports", "cocreation"}
STL_PAGE_CACHE_APPS = set(STL_RECORD_APPS)
# How long a browser waits before retrying when the database is down (the 503 page).
STL_RETRY_AFTER_SECONDS = 30
# --- end of the production block ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The portal's public name, shown in the header of every page.
PORTAL_NAME = os.environ.get("STL_PORTAL_NAME", "Portal STL de Gobierno Abierto")

# --- Accounts (issue 3, panel-commitments): throttled login guessing with django-axes ---------------
# After AXES_FAILURE_LIMIT wrong passwords for one user name OR from one address, every login for
# it (even with the right password) is refused until the cool-off passes; the login page says so.
# The address is REMOTE_ADDR: X-Forwarded-For is only read when STL_TRUSTED_PROXIES says how many
# proxies of ours stand in front (see workgroups/throttling.py), so rotating it bypasses nothing.
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "workgroups.throttling.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_CLIENT_IP_CALLABLE = "workgroups.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "workgroups.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
STL_TRUSTED_PROXIES = envint("STL_TRUSTED_PROXIES", 0)

# Public portal (issue 4): sitemap.xml is rendered with django.contrib.sitemaps' template.
INSTALLED_APPS += ["django.contrib.sitemaps"]

# Activity reports (reports app, issue 5): the PDF is made in a child process bounded in time (seconds)
# and address space (MB); past either bound staff get a clear message and the portal keeps serving.
REPORT_PDF_TIMEOUT = envint("REPORT_PDF_TIMEOUT", 90)
REPORT_PDF_MEMORY_MB = envint("REPORT_PDF_MEMORY_MB", 1536)

# --- Background jobs (issue 10): Django's tasks through the django-tasks backport, stored in the
# database by django-tasks-db, run by `manage.py jobs_worker` (core/worker.py). `make run` starts one
# worker beside the development server; in production it is a process of its own (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
# A job still marked running whose worker has not beaten for this long was interrupted: it goes back
# to the queue. Workers beat four times per lease.
STL_JOB_LEASE_SECONDS = envint("STL_JOB_LEASE_SECONDS", 60)
# A failed job is retried after this many seconds × the square of its attempts (30 s, 2 min, 4.5 min).
STL_JOB_RETRY_SECONDS = envint("STL_JOB_RETRY_SECONDS", 30)

# --- E-mail: alerts' confirmations and digests (alerts/), confirmations of public inputs and the weekly
# compliance e-mail (cocreation/), invitations (workgroups/), all sent by the job worker
# through Django's e-mail backend: SMTP configured here in production, the console while debugging.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portal STL <avisos@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for the links inside messages (a job has no request to ask).
STL_PUBLIC_URL = os.environ.get("STL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# An unconfirmed request is forgotten after this many days.
STL_ALERTS_CONFIRM_DAYS = 7
# Subscription requests per hour from one client address and for one e-mail address.
STL_ALERTS_REQUESTS_PER_CLIENT = envint("STL_ALERTS_REQUESTS_PER_CLIENT", 20)
STL_ALERTS_REQUESTS_PER_ADDRESS = envint("STL_ALERTS_REQUESTS_PER_ADDRESS", 5)
# A confirmed address asking again for the same thing gets a new confirmation at most this often.
STL_ALERTS_RESEND_MINUTES = 30
# A digest waits this long after the first news, so a burst of publications makes one message.
STL_ALERTS_DIGEST_DELAY_MINUTES = envint("STL_ALERTS_DIGEST_DELAY_MINUTES", 10)
