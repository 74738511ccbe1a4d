# Two commands: `make run` sets everything up and serves the hub as production does; `make test` runs
# the whole suite and the production check. `make dev` serves with Django's autoreloading server.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The one public address: the Site record, canonical links, feeds and emails all follow it.
export WAGTAILADMIN_BASE_URL := http://$(HOST):$(PORT)
# `make run` uses the production settings on their embedded defaults (loopback, no environment).
RUN_SETTINGS := DJANGO_SETTINGS_MODULE=config.settings.production LOG_FORMAT=plain

.PHONY: run dev serve setup prod-check soak test test-sqlite test-postgres test-redis test-browser lint format system-deps clean bench

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

static/dist/css/main.css: node_modules/.package-lock.json scripts/build-frontend.mjs $(shell find static/scss static/js -type f)
	npm run --silent build

# Hashed, compressed static files for gunicorn (WhiteNoise); redone when a source file changes.
staticfiles/staticfiles.json: $(VENV)/.runtime-installed static/dist/css/main.css $(shell find static */static -type f -not -path 'static/dist/*' 2>/dev/null)
	$(RUN_SETTINGS) $(MANAGE) collectstatic --noinput --verbosity 0

setup: $(VENV)/.runtime-installed static/dist/css/main.css
	$(RUN_SETTINGS) $(MANAGE) migrate --noinput
	$(RUN_SETTINGS) $(MANAGE) createcachetable
	$(RUN_SETTINGS) $(MANAGE) load_seed_content
	$(RUN_SETTINGS) $(MANAGE) sync_site_address
	$(RUN_SETTINGS) $(MANAGE) analyze_database
	$(RUN_SETTINGS) $(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/

# --- the two commands ----------------------------------------------------------------
run: setup staticfiles/staticfiles.json
	@echo "Serving Bringing People Together at http://$(HOST):$(PORT)/ (admin at /admin/). Ctrl-C stops it."
	$(RUN_SETTINGS) PY=$(PY) bash scripts/serve.sh run $(HOST):$(PORT)

test: system-deps $(VENV)/.dev-installed static/dist/css/main.css lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) prod-check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-redis

# Development: DEBUG on, code reloads on save, static files straight from the source folders.
dev: setup
	@echo "Serving (development) at http://$(HOST):$(PORT)/. Ctrl-C stops it."
	PY=$(PY) bash scripts/serve.sh dev $(HOST):$(PORT)

# The production path on throwaway data: collectstatic, check --deploy, gunicorn and the worker,
# one page of every type and every other response kind; fails on a 5xx, a missing static file or
# a missing security header.
prod-check: $(VENV)/.dev-installed static/dist/css/main.css
	$(PY) scripts/prod_check.py

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

# The cache and rate-limit tests again, with a throwaway Redis as the cache (CACHE_URL).
test-redis: $(VENV)/.dev-installed static/dist/css/main.css
	bash scripts/with-redis.sh $(VENV)/bin/pytest -m cache $(PYTEST_ARGS)

test-browser: $(VENV)/.dev-installed static/dist/css/main.css
	$(PYTEST) -m browser $(PYTEST_ARGS)

# What users get, on a throwaway 12,500-page site served by gunicorn with production settings and
# loaded with wrk (about ten minutes): one table, also written to bench/site-<pages>.json. Then
# search and the sitemap the same way at 100,000 pages, search alone at 1k, 10k and 100k pages
# through Django's test client, calendar-import parsing (ordinary and hostile calendars), and email
# alerts (matching 100k subscriptions, 20k digests). BENCH_ARGS go to the first, e.g.
# "--events 1000 --seconds 2".
bench: $(VENV)/.dev-installed static/dist/css/main.css
	$(PY) benchmarks/site_bench.py $(BENCH_ARGS)
	$(PY) benchmarks/site_bench.py --notes 88000 --only "search,sitemap,sitemap section"
	$(PY) benchmarks/search_bench.py
	$(PY) benchmarks/calendar_bench.py
	$(PY) benchmarks/alerts_bench.py

# A bounded load test (3 minutes, 127.0.0.1) of gunicorn with production settings on the seeded site
# plus 1,500 generated pages: prints req/s, p50/p95/p99, 5xx and errors; fails on any 5xx.
soak: $(VENV)/.dev-installed static/dist/css/main.css
	$(PY) scripts/soak.py $(SOAK_ARGS)

clean:
	rm -rf static/dist staticfiles .pytest_cache .ruff_cache .test-media
