# Directive Portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# `make run PORT=8080` when 8000 is taken.
PORT ?= 8000
# Tests that need no browser or worker process run on every core (pytest-xdist,
# `make test WORKERS=1` for one process); the browser journeys and the worker and
# fault tests run one at a time after them, since they measure waits that a
# machine loaded by the other tests stretches.
WORKERS ?= auto
UNATTENDED := not browser and not integration and not docker

.DEFAULT_GOAL := help
.PHONY: help install install-dev run migrate bootstrap test test-live test-clock lint format check messages bench clean

help: ## list every target
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.runtime: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.runtime ## create .venv and install the portal

install-dev: $(VENV)/.dev ## install the portal with test and lint tools

migrate: install ## apply database migrations (SQLite under var/ unless DATABASE_URL is set)
	@mkdir -p var/media var/mail var/celery/queue var/celery/processed
	@$(PY) manage.py migrate --noinput --verbosity 0

var/demo-password:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(12))' > $@

bootstrap: migrate var/demo-password ## load the real content and the demo accounts (idempotent)
	@# Warnings only: the banner of `make run` must not scroll away under page-by-page logs.
	@LOG_LEVEL=WARNING $(PY) manage.py bootstrap_portal --demo --password "$$(cat var/demo-password)"
	@LOG_LEVEL=WARNING $(PY) manage.py search_rebuild --missing

run: bootstrap ## set up everything and run the portal, a Celery worker and Celery beat on http://127.0.0.1:$(PORT) (PORT=8000)
	@PORT=$(PORT) scripts/run-dev.sh

test: install-dev ## run the whole test suite (SQLite by default; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis)
	$(VENV)/bin/pytest -n $(WORKERS) -m "$(UNATTENDED)"
	@$(MAKE) --no-print-directory test-live

test-live: install-dev ## run only the browser journeys and the worker and fault tests, one at a time
	$(VENV)/bin/pytest -m "browser or integration"

test-clock: install-dev ## run the tests that need no browser or worker at 23:30 and at 00:30 Vietnam time
	$(VENV)/bin/pytest -q -n $(WORKERS) -m "$(UNATTENDED)" --vietnam-clock 23:30
	$(VENV)/bin/pytest -q -n $(WORKERS) -m "$(UNATTENDED)" --vietnam-clock 00:30

lint: install-dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install-dev ## Django system checks and missing migrations
	@mkdir -p var
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install-dev ## refresh the Vietnamese and English catalogues and compile them (needs GNU gettext)
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'portal/admin_locale/*'
	@# Source strings are Vietnamese: the vi catalogue repeats them (msgen fills new entries).
	@# msgmerge guesses "fuzzy" matches from similar strings: drop the guess so msgen repeats the source.
	msgattrib --clear-fuzzy --empty portal/locale/vi/LC_MESSAGES/django.po -o portal/locale/vi/LC_MESSAGES/django.po
	msgen portal/locale/vi/LC_MESSAGES/django.po -o portal/locale/vi/LC_MESSAGES/django.po
	@# New English entries stay empty (and fuzzy guesses stay flagged) until translated:
	@# tests/portal/test_catalogues.py fails while any is left.
	$(PY) manage.py compilemessages --ignore '.venv/*'

bench: install-dev ## benchmarks: pages (1,000 directives, 2,000 submissions), reports (40 units × 50 tasks × 3 indicators × 12 months), OCR pages per minute
	$(PY) bench/pages.py
	$(PY) bench/reports.py
	$(PY) bench/ocr.py 5

clean: ## remove the virtualenv and the local data under var/
	rm -rf $(VENV) var
