# The command index. CI runs `make test`, exactly as a developer does.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB := src/twofold/web
FRONTEND_STAMP := frontend/node_modules/.installed
# Exact versions of every Python package, build backend included; `make upgrade-deps` renews it.
CONSTRAINTS := constraints.txt
# Tests spread over every core; each worker has its own databases and servers. The slowest
# tests are listed after every run, to keep the suite inside its time budget. Bytecode is
# written even where the environment asks Python not to (PYTHONDONTWRITEBYTECODE): the suite
# starts a few hundred Python processes (workers, servers, commands), and without it each one
# compiles the app and its libraries again, about 2.5 s apiece, and pytest rewrites the test
# modules' asserts again in every worker.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist worksteal --durations=40

.PHONY: run test checks vitest fuzz lint typecheck unit integration browser e2e bench build openapi demo clean help upgrade-deps

help:
	@echo "make run        install, build and serve Twofold on http://127.0.0.1:8000"
	@echo "make test       lint, type checks, unit, integration (SQLite + PostgreSQL) and browser tests"
	@echo "make fuzz       the API fuzz test at its full depth (both engines' coverage phase, more examples)"
	@echo "make demo       load a demo team with three sprints of history"
	@echo "make bench      print performance figures"
	@echo "make openapi    regenerate the front end's API types from the server's schema"
	@echo "make lint       ruff, lint-imports (layers), eslint and svelte-check only"
	@echo "make checks     lint, type checks, front-end build and vitest, side by side"
	@echo "make upgrade-deps  move constraints.txt to the newest versions pyproject.toml allows"

# PIP_CONSTRAINT rather than -c, so that the isolated build of the package itself (hatchling)
# is held to the file too.
$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(CURDIR)/$(CONSTRAINTS) $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The build backend is read from pyproject.toml so it is pinned with everything else. uv writes
# no index or download address unless asked to.
upgrade-deps: $(STAMP)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
	  | $(BIN)/uv pip compile pyproject.toml - --extra dev --universal --python-version 3.11 \
	    --upgrade --custom-compile-command "make upgrade-deps" --quiet -o $(CONSTRAINTS)
	PIP_CONSTRAINT=$(CURDIR)/$(CONSTRAINTS) $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(FRONTEND_STAMP)

build: $(FRONTEND_STAMP)
	cd frontend && npm run --silent build
	mkdir -p $(WEB)/swagger
	cp frontend/node_modules/swagger-ui-dist/swagger-ui-bundle.js frontend/node_modules/swagger-ui-dist/swagger-ui.css $(WEB)/swagger/

run: $(STAMP) build
	$(BIN)/twofold serve

demo: $(STAMP)
	$(BIN)/twofold demo

lint: $(STAMP) $(FRONTEND_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-logo
	cd frontend && npm run --silent lint && npm run --silent check

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(PYTEST) tests/unit

integration: $(STAMP)
	$(PYTEST) tests/integration

browser e2e: $(STAMP) build
	$(PYTEST) tests/browser

openapi: $(STAMP) $(FRONTEND_STAMP)
	$(BIN)/twofold openapi > frontend/src/api/openapi.json
	cd frontend && npm run --silent openapi

test: $(STAMP) $(FRONTEND_STAMP)
	$(MAKE) --no-print-directory --jobs=4 --output-sync=target checks
	$(PYTEST)

# What `make test` runs before pytest. None needs another's output, so they run side by side,
# each one's output printed whole when it ends.
checks: lint typecheck build vitest

vitest: $(FRONTEND_STAMP)
	cd frontend && npm run --silent test

# `make test` fuzzes the API at a quick depth; this is the deeper run (tests/integration/test_api_fuzz.py
# says what each depth covers), with the same time figures printed after it.
fuzz: $(STAMP)
	FUZZ_DEPTH=deep $(PYTEST) tests/integration/test_api_fuzz.py

bench: $(STAMP) build
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) frontend/node_modules $(WEB) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
