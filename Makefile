# ParkingSpots: `make run` serves the API with demo data, `make test` runs the test suite.
# Both install what is missing first (apt packages when run as root or with sudo, the venv).

VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: bench cluster cluster-stop test-cluster psql-analyst run test test-slow fuzz load stop psql migrate schema demo jobs deps system-packages clean-data mobile mobile-test

LOAD_HOST  ?= http://127.0.0.1:8000
EXPO_PUBLIC_API_URL ?= http://127.0.0.1:8000
MOBILE_PORT ?= 8081
LOAD_USERS ?= 50
LOAD_TIME  ?= 60s

run: deps                      ## serve the API on http://127.0.0.1:8000 (HOST, PORT, WORKERS)
	$(PY) -m scripts.serve

test: deps                     ## the default suite (real PostgreSQL+PostGIS+pg_cron and Redis, no slow tests), then the cluster tests
	$(PY) -m pytest
	@scripts/install_system_packages.sh --cluster
	$(PY) -m pytest -m cluster tests/cluster

mobile-test: deps              ## only the mobile app's tests: tsc, eslint, jest, the stale-client check, the browser journeys
	$(PY) -m pytest tests/mobile

mobile: deps                   ## the app's web build against `make run`'s API, served on http://127.0.0.1:8081 (EXPO_PUBLIC_API_URL, MOBILE_PORT)
	cd mobile && EXPO_PUBLIC_API_URL=$(EXPO_PUBLIC_API_URL) npm run build:web
	$(PY) -m scripts.spa_server mobile/dist $(MOBILE_PORT)

test-slow: deps                ## only the slow tests (a real pg_cron tick)
	$(PY) -m pytest -m slow

fuzz: deps                     ## schemathesis over every operation, 60 cases per operation and mode (FUZZ_EXAMPLES)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-60} $(PY) -m pytest tests/core/test_fuzz.py -s -q

load: deps                     ## locust journeys, headless, against a running `make run` (LOAD_HOST, LOAD_USERS, LOAD_TIME)
	$(VENV)/bin/locust -f tests/load/locustfile.py --headless --users $(LOAD_USERS) --spawn-rate 10 \
	    --run-time $(LOAD_TIME) --host $(LOAD_HOST) --only-summary

bench: deps                    ## every benchmark in one go (~10 min; BENCH_ARGS="--only http,tiles" or "--quick"), docs/benchmarks.md
	@scripts/install_system_packages.sh --bench
	$(PY) -m scripts.bench $(BENCH_ARGS)

cluster: system-packages $(VENV)/.installed  ## primary + streaming replica, 3-node Redis Cluster, 2 API nodes behind HAProxy on http://127.0.0.1:8000 (CLUSTER_PORT, CLUSTER_BASE_PORT, CLUSTER_WORKERS, DEMO_DATA)
	@scripts/install_system_packages.sh --cluster
	$(PY) -m scripts.cluster up

cluster-stop:                  ## stop everything make cluster started (data kept in .data/cluster)
	@if [ -x $(PY) ]; then $(PY) -m scripts.cluster down; fi

test-cluster: system-packages $(VENV)/.installed  ## only the cluster tests: journeys, a node killed, the replica stopped (their own cluster on free ports)
	@scripts/install_system_packages.sh --cluster
	$(PY) -m pytest -m cluster tests/cluster

stop:                          ## stop the private PostgreSQL cluster and Redis
	@if [ -x $(PY) ]; then $(PY) -m scripts.local_services down; fi

psql: deps                     ## psql on the app database (starts the private cluster if needed)
	@url=$$($(PY) -m scripts.local_services database-url) && exec psql "$$url"

psql-analyst: deps             ## psql as the analyst role: the analytics schema only (docs/analytics.md)
	@url=$$($(PY) -m scripts.local_services database-url) && exec psql "$$($(PY) -m scripts.db_roles url analyst --url "$$url")"

migrate: deps                  ## apply the migrations, then db/rules when changed, to DATABASE_URL or the private cluster
	DATABASE_URL=$$($(PY) -m scripts.local_services database-url) $(PY) -m scripts.migrate

schema: deps                   ## rewrite db/schema.sql from a scratch database (commit the result)
	$(PY) -m scripts.dump_schema

jobs: deps                     ## list the pg_cron jobs and their latest runs
	DATABASE_URL=$$($(PY) -m scripts.local_services database-url) $(PY) -m jobs.cron_jobs list

NODE_CHECK := tests/typescript/node_modules/.installed
MOBILE_NODE := mobile/node_modules/.installed

deps: system-packages $(VENV)/.installed $(NODE_CHECK) $(MOBILE_NODE)

system-packages:
	@scripts/install_system_packages.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt   # runtime + tests/load/fuzz tools
	touch $@

$(NODE_CHECK): tests/typescript/package-lock.json
	npm ci --prefix tests/typescript --no-audit --no-fund --loglevel=error
	touch $@

# The app's packages; Playwright drives Debian's Chromium (system-packages), it downloads no browser.
$(MOBILE_NODE): mobile/package-lock.json
	cd mobile && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean-data: stop cluster-stop  ## delete the private cluster and Redis data (.data/), and make cluster's
	rm -rf .data
