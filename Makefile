# Two commands for a fresh machine: `make run` and `make test`. Everything else is set up by them.

# The interpreter the virtualenv is made from: the system's own Python (Debian's /usr/bin/python3) when
# it is 3.11 or newer, else the python3 first on PATH. Debian builds its Python with profile-guided and
# link-time optimisation; the python3 first on PATH on these machines (pyenv's 3.11.7) is built without
# them and ran the same tests about 15 % slower (182 tests: 19.6–21.3 s against 15.9–17.5 s, alternating).
# `make clean` then `make test` makes the virtualenv again with another one (`make PYTHON=python3.12`).
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

# Each module is compiled once into var/pycache/ and every later Python process reuses it: the test
# workers, and the servers, workers and manage.py commands the tests start. Where the environment sets
# PYTHONDONTWRITEBYTECODE (to keep __pycache__ out of the tree) every process compiled Django and the
# portal again, a second and a half each; the prefix keeps the tree clean all the same.
export PYTHONPYCACHEPREFIX := $(CURDIR)/var/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-setup test-template test-bytecode install install-dev migrate demo lint check chromium redis axe fonts test-packages clean serve backup restore worker

# The packages are installed by uv (PyPI's `uv`): it downloads and installs them in parallel and
# resolves the same versions as pip, in 7 s on this machine where pip took 37 s. The virtualenv is made
# without pip (ensurepip alone took 6 s); the system's pip puts uv in it (pip 22.3 or newer: --python),
# or, with an older pip, the virtualenv's own. `$(UV) pip ...` does what pip would in the virtualenv.
# Nothing is compiled at install time (uv's default): Python compiles a module the first time it is
# imported, where compiling every file of every package (botocore, moto, playwright...) took a minute.
# pip does not ask the index whether a newer pip exists (--disable-pip-version-check: 0.4 s).
PIP_UV := install --quiet --disable-pip-version-check "uv>=0.5"
$(VENV)/.uv:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(PY) $(PIP_UV) \
	  || python3 -m pip --python $(PY) $(PIP_UV) \
	  || { $(PYTHON) -m venv $(VENV) && $(PIP) $(PIP_UV); }
	touch $@

# Only the dependencies listed in pyproject.toml are installed, not the project: the code runs from the
# checkout (manage.py), and building the project as an editable package took 1.5-2 s of each install.
$(VENV)/.installed: pyproject.toml $(VENV)/.uv
	$(UV) pip install --quiet --python $(PY) -r pyproject.toml
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(UV) pip install --quiet --python $(PY) -r pyproject.toml --extra dev
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

# Serves the portal with the demo record at http://127.0.0.1:8000/ (Ctrl-C stops it), with one
# background worker beside the development server (report PDFs, e-mail), stopped with it.
run: demo fonts
	@DJANGO_DEBUG=1 $(PY) manage.py jobs_worker --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Installs the Debian packages named in the shell variable `missing` (built by the recipe) when there
# are any and we may (root, apt-get); otherwise, or if apt-get fails, says so and what follows: $(1).
define install_missing
if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's$$missing..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "Could not install$$missing: $(1)."; \
	  else echo "Missing Debian packages:$$missing, and no root to install them: $(1)."; fi; \
	fi
endef

# Each adds its Debian packages to `missing` when what they provide is not there.
NEED_CHROMIUM := [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromium-headless-shell ] || missing="$$missing chromium-headless-shell";
NEED_REDIS := command -v redis-server >/dev/null || missing="$$missing redis-server";
NEED_FONTS := fc-list 2>/dev/null | grep -q "DejaVu Serif" || missing="$$missing fonts-dejavu-core";
NEED_PDFTOTEXT := command -v pdftotext >/dev/null || missing="$$missing poppler-utils";

# Debian's Chromium drives the browser tests: its headless shell runs them (half the time of the full
# browser per page), the full browser runs a smoke test and the screenshots.
chromium:
	@missing=""; $(NEED_CHROMIUM) $(call install_missing,the browser tests will be skipped)

# Debian's redis-server for the test that runs two app servers sharing one Redis (tests/prod).
redis:
	@missing=""; $(NEED_REDIS) $(call install_missing,the multi-server test will be skipped)

# axe-core (npm registry, package.json) checks WCAG 2.1 AA in the browser tests.
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "No npm: the accessibility (axe-core) browser tests will be skipped."; fi

axe: node_modules/axe-core/axe.min.js

# The activity report's PDF is set in DejaVu (embedded by WeasyPrint).
fonts:
	@missing=""; $(NEED_FONTS) $(call install_missing,the PDF falls back to another system font)

# What the suite needs from Debian, installed in one apt-get run: Chromium and its headless shell
# (browser tests), redis-server (the multi-server test), the DejaVu fonts (report PDFs) and Poppler's
# pdftotext (the tests read the PDFs' text back). `make chromium`, `make redis` and `make fonts`
# install one of them.
test-packages:
	@missing=""; $(NEED_CHROMIUM) $(NEED_REDIS) $(NEED_FONTS) $(NEED_PDFTOTEXT) \
	$(call install_missing,the tests that need them are skipped (and fail in CI))

# The migrated SQLite database every test worker copies (tests/template_db.py), made here while the
# test tools download rather than by the first test worker while the other one waits. Best effort: if
# it cannot be made here, the suite makes it as before.
test-template: install
	-@$(PY) -m tests.template_db

# The modules the test workers import besides Django and the portal (which the template build imports),
# compiled into var/pycache/ beside the template build: on a fresh clone both workers otherwise compiled
# them at once as the suite began (about 5 s each). A failed import is the suite's to report.
test-bytecode: install-dev
	-@$(PY) -c "import pytest, xdist, hypothesis, factory, faker, playwright.sync_api, moto, boto3, weasyprint, pypdf" 2>/dev/null

# Everything the suite needs, set up side by side (virtualenv, Debian packages, axe-core, the migrated
# test database, the test modules' bytecode).
test-setup:
	@$(MAKE) --no-print-directory -j4 install-dev test-packages axe test-template test-bytecode

test: test-setup
	$(VENV)/bin/pytest -q

lint: install-dev
	$(VENV)/bin/ruff check .

check: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# ---- Production (issue 6) -------------------------------------------------------------------------
WORKERS ?= 3
# Above REPORT_PDF_TIMEOUT (90 s), so a long activity report ends with its own message, not a killed worker.
GUNICORN_TIMEOUT ?= 120
# `make serve HTTPS=0` tries production settings over plain http on this machine (no redirect to
# https, no secure-only cookies, no HSTS). Behind the TLS proxy leave it unset.
PROD_ENV := DJANGO_DEBUG=0 $(if $(HTTPS),DJANGO_HTTPS=$(HTTPS))

# The portal with production settings under gunicorn on $(HOST):$(PORT), static files by WhiteNoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and DATABASE_URL for PostgreSQL); see the README.
serve: install
	@echo "Background jobs (report PDFs, e-mail) need 'make worker' (manage.py jobs_worker) as its own process: see the README."
	$(PROD_ENV) $(PY) manage.py deploy
	$(PROD_ENV) $(VENV)/bin/gunicorn stl_portal.wsgi:application --bind $(HOST):$(PORT) \
	  --workers $(WORKERS) --timeout $(GUNICORN_TIMEOUT) --graceful-timeout 20 \
	  --max-requests 5000 --max-requests-jitter 500 --access-logfile - --error-logfile -

# The background worker of production, as its own process (one or more per machine; see the README).
worker: install
	$(PROD_ENV) $(PY) manage.py jobs_worker

# A full backup of the database of this environment (DATABASE_URL, or SQLite under var/) into
# var/backups/; `make restore FILE=...` loads one into an empty database. See the README.
backup: install
	$(PY) manage.py backup $(if $(FILE),--output "$(FILE)")

restore: install
	@test -n "$(FILE)" || { echo "Uso: make restore FILE=var/backups/portal-AAAAMMDD-HHMMSS.sqlite3"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
