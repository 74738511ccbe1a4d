# Two commands: `make run` sets everything up and serves the hub; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve setup test test-sqlite test-postgres test-browser lint format system-deps clean bench

# --- set-up steps; each is skipped when already done --------------------------------
$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

static/dist/css/main.css: node_modules/.package-lock.json scripts/build-frontend.mjs $(shell find static/scss -name '*.scss')
	npm run --silent build

setup: $(VENV)/.runtime-installed static/dist/css/main.css
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed_content
	$(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/

# --- the two commands ----------------------------------------------------------------
run: setup
	@echo "Serving Bringing People Together at http://$(HOST):$(PORT)/ (admin at /admin/). Ctrl-C stops it."
	PY=$(PY) bash scripts/serve.sh $(HOST):$(PORT)

test: system-deps $(VENV)/.dev-installed static/dist/css/main.css lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# --- parts of `make test` --------------------------------------------------------------
system-deps:
	bash scripts/system-deps.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Tests run in PYTEST_WORKERS processes (pytest-xdist; 1 runs them in this process). Browser and
# HTML-checker tests render the same pages whatever the database, so only the SQLite pass runs them.
PYTEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS))
DATABASE_AGNOSTIC := browser or html_validity

test-sqlite: $(VENV)/.dev-installed static/dist/css/main.css
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev-installed static/dist/css/main.css
	bash scripts/with-postgres.sh $(PYTEST) -m "not ($(DATABASE_AGNOSTIC))" $(PYTEST_ARGS)

test-browser: $(VENV)/.dev-installed static/dist/css/main.css
	$(PYTEST) -m browser $(PYTEST_ARGS)

# Printed speed figures on throwaway SQLite databases (a few minutes): search at 1k, 10k and
# 100k pages; the events listing, calendar and feed at 100 and 1,000 events.
bench: $(VENV)/.dev-installed static/dist/css/main.css
	$(PY) benchmarks/search_bench.py $(BENCH_ARGS)
	$(PY) benchmarks/events_bench.py --sizes 100,1000 --runs 20

clean:
	rm -rf static/dist .pytest_cache .ruff_cache .test-media
