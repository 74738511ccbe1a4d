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

test-sqlite: $(VENV)/.dev-installed static/dist/css/main.css
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev-installed static/dist/css/main.css
	bash scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

test-browser: $(VENV)/.dev-installed static/dist/css/main.css
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

# What users get, on a throwaway 12,500-page site served by gunicorn with production settings and
# loaded with wrk (about ten minutes): one table, also written to bench/site-<pages>.json. Then
# search at 1k, 10k and 100k pages. BENCH_ARGS go to the site bench, e.g. "--events 1000 --seconds 2".
bench: $(VENV)/.dev-installed static/dist/css/main.css
	$(PY) benchmarks/site_bench.py $(BENCH_ARGS)
	$(PY) benchmarks/search_bench.py

clean:
	rm -rf static/dist .pytest_cache .ruff_cache .test-media
