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
# The explorer's browser tests drive Debian's Chromium through its ChromeDriver.
CHROMIUM     := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
NGINX        := /usr/sbin/nginx
SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve test lint typecheck unit audit build benchmark check clean

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
