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

.PHONY: serve test lint typecheck unit audit system-deps build benchmark clean

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

# What the tests need from the OS: Debian's nginx for the caching-proxy test
# (tests/deploy/test_nginx_proxy.py). Installed only when missing, never started here
# (RUNLEVEL=1 keeps the package from starting its own service); without root, say so
# (the test then skips, except in CI where it fails).
system-deps:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
	    apt-get install -y -qq --no-install-recommends nginx >/dev/null; \
	else echo "system-deps: nginx is missing (apt-get install nginx): the proxy test needs it"; fi

unit: $(VENV)/.test-installed system-deps
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Known vulnerabilities in the installed dependencies; an unreachable database is an
# explicit SKIPPED line, not a silent pass (tools/audit.py, docs/operating.md).
audit: $(VENV)/.test-installed
	$(BIN)/python tools/audit.py

test: lint typecheck audit unit

benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build dist $(VENV)
