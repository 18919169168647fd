# The two commands of the README:
#   make serve   set up, build the database from factors/ and serve the API on localhost
#   make test    set up and run the whole test suite (lint, types, tests); CI runs this
# CI runs the suite on the newest and the oldest supported CPython (3.10+) found here
# (tools/pythons.sh: python3.X on PATH, else pyenv's): `make test` on PYTHON (default: the
# newest), then `make unit` again on OLDEST when it is another version. With one supported
# Python on the machine, the suite runs once, on it.
SUPPORTED := $(shell sh tools/pythons.sh)
PYTHON ?= $(or $(lastword $(SUPPORTED)),python3)
OLDEST ?= $(firstword $(SUPPORTED))
VENV   ?= .venv
BIN    := $(VENV)/bin
# Every tool and library is installed at the version CI tested (tools/constraints.py writes
# the file; `make constraints` after changing pyproject.toml's dependencies).
CONSTRAINTS := constraints.txt
PIP_INSTALL  = $(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) --build-constraint $(CONSTRAINTS)
HOST   ?= 127.0.0.1
PORT   ?= 8000
DB     ?= build/carbonfactors.db
PYTEST_ARGS ?=

.PHONY: serve test lint typecheck unit audit build benchmark check clean system-deps constraints

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python 3.10+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) pip  # the pinned pip, which knows --build-constraint

$(VENV)/.server-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP_INSTALL) -e '.[server]'
	touch $@

$(VENV)/.test-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.server-installed

# Rewrite constraints.txt: this venv's versions for its Python, pip's resolution for the
# other supported ones (tools/constraints.py). Run from a venv installed without the old
# pins (`make clean; make .venv/.test-installed CONSTRAINTS=/dev/null`), test, then commit.
constraints: $(VENV)/.test-installed
	$(BIN)/python tools/constraints.py

build: $(VENV)/.server-installed
	$(BIN)/carbonfactors build --answers latest --out $(DB)

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
	@if [ -n "$(OLDEST)" ] && [ "$$($(OLDEST) -c 'import sys; print(sys.version_info[:2])')" \
	     != "$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])')" ]; then \
	  echo "== the suite again on the oldest supported Python found: $(OLDEST)"; \
	  $(MAKE) unit PYTHON=$(OLDEST) VENV=.venv-oldest; \
	else \
	  echo "== one supported Python found ($(SUPPORTED)): the suite ran on it only"; \
	fi

# A data contributor's one command, exactly the data-PR CI's run (.github/workflows/
# data-pr.yml runs `make check` and nothing else): validate, generated files current
# (factors/resolved/, docs/reference-footprints.md), the tests that read factors/, review
# report against BASE; every step runs, the summary lists every problem and what to do.
BASE ?= $(shell git rev-parse --verify -q origin/main >/dev/null && echo origin/main || echo main)
REPORT ?=
check: $(VENV)/.test-installed
	BIN=$(BIN) tools/data-check.sh $(BASE) $(REPORT)

benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build dist $(VENV)
