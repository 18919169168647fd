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
# The explorer's browser tests drive Debian's Chromium through its ChromeDriver.
CHROMIUM     := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
NGINX        := /usr/sbin/nginx
SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve test lint typecheck unit audit build benchmark check clean constraints

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
	$(BIN)/carbonfactors build --out $(DB)

serve: build
	$(BIN)/carbonfactors serve --host $(HOST) --port $(PORT) --db $(DB)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

# Installed once per machine (idempotent): the browser tests fail, never skip, without them.
$(CHROMIUM) $(CHROMEDRIVER) &:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver

# Debian's nginx for the caching-proxy test (tests/deploy/test_nginx_proxy.py); RUNLEVEL=1
# keeps the package from starting its own service: the test starts the nginx it needs.
$(NGINX):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $(SUDO) apt-get install -y -qq --no-install-recommends nginx

unit: $(VENV)/.test-installed $(CHROMIUM) $(CHROMEDRIVER) $(NGINX)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

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

# A data contributor's one local check: validate factors/ and print the review report
# against BASE (the same report CI posts on the pull request).
BASE ?= $(shell git rev-parse --verify -q origin/main >/dev/null && echo origin/main || echo main)
check: $(VENV)/.server-installed
	$(BIN)/carbonfactors validate
	$(BIN)/carbonfactors review --base $(BASE)

benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build dist $(VENV)
