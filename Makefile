# The two commands of the README:
#   make serve   set up, build the database from factors/ and serve the API on localhost
#   make test    set up and run the whole test suite (lint, types, tests); CI runs this
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
DB     ?= build/carbonfactors.db
PYTEST_ARGS ?=

.PHONY: serve test lint typecheck unit audit build benchmark check clean system-deps

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python 3.10+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.server-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.server-installed

build: $(VENV)/.server-installed
	$(BIN)/carbonfactors build --out $(DB)

serve: build
	$(BIN)/carbonfactors serve --host $(HOST) --port $(PORT) --db $(DB)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

# Chromium + ChromeDriver (browser tests) and nginx (caching-proxy test), installed when
# missing as root or with a password-less sudo; without either, one line says so, those tests
# skip and the rest run. Under CI=true (.ci/run) they are required: missing ones fail.
system-deps:
	tools/system-deps.sh

# Under CI (CI=true, set by the CI runner) a JUnit report is written and checked: a skipped
# browser or nginx test fails the run there (tools/no_skipped_browser_tests.py).
JUNIT := $(if $(CI),--junitxml=build/junit.xml)
unit: $(VENV)/.test-installed system-deps
	$(BIN)/pytest -n 2 $(JUNIT) $(PYTEST_ARGS)
	$(if $(CI),$(BIN)/python tools/no_skipped_browser_tests.py build/junit.xml)

# Known vulnerabilities in the installed dependencies; an unreachable database is an
# explicit SKIPPED line, not a silent pass (tools/audit.py, docs/operating.md).
audit: $(VENV)/.test-installed
	$(BIN)/python tools/audit.py

test: lint typecheck audit unit

# A data contributor's one command, exactly the data-PR CI's checks (.github/workflows/
# data-pr.yml runs it too): validate, resolved tables current, reference tests, review
# report against BASE; every step runs, the summary lists what failed and what to do.
BASE ?= $(shell git rev-parse --verify -q origin/main >/dev/null && echo origin/main || echo main)
REPORT ?=
check: $(VENV)/.test-installed
	BIN=$(BIN) tools/data-check.sh $(BASE) $(REPORT)

benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build dist $(VENV)
