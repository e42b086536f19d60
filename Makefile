# Payvand: `make run` ingests the bundled articles and serves the API; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test install-bench compiled assets system allocator ingest serve check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

# The compiled build: the package as `pip install .` builds it (setup.py: the text, extraction
# and mapping modules as C extensions, through mypyc), installed apart in build/compiled so that
# .venv keeps the editable sources. `make run` and the benchmarks run it (PYTHONPATH).
COMPILED := build/compiled
$(COMPILED)/.installed: $(VENV)/.installed setup.py $(shell find src -name '*.py')
	rm -rf $(COMPILED)
	$(BIN)/python -m pip install --quiet --no-deps --target $(COMPILED) .
	touch $@

compiled: $(COMPILED)/.installed

$(VENV)/.installed-bench: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

install-bench: $(VENV)/.installed-bench

# The scale benchmark (10,000 and 100,000 articles; ARGS="--articles 10000" for one size).
bench: install-bench
	bench/run $(ARGS)

# Front-end libraries for the web pages, from the npm registry (never copied into the repository).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

# Debian's Chromium for the browser tests, jemalloc for the ingest and Virtuoso for the
# remote-store tests (scripts/setup-system).
system:
	scripts/setup-system chromium jemalloc virtuoso

# jemalloc only, for the ingest to run on; without it (no apt-get, no root or password-less sudo)
# the ingest runs on the system's allocator, slower.
allocator:
	scripts/setup-system --optional jemalloc

install-test: $(VENV)/.installed-test

ingest: compiled assets allocator
	PYTHONPATH=$(COMPILED) $(BIN)/payvand ingest data/articles --store $(STORE)

serve: compiled
	PYTHONPATH=$(COMPILED) $(BIN)/payvand serve --store $(STORE) --host $(HOST) --port $(PORT)

run: ingest serve

check: install-test compiled assets system
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/check

test: check

# Analytics benchmark on a synthetic store of N articles (see bench/analytics.py for the options).
N ?= 10000
bench-analytics: install
	$(BIN)/python bench/analytics.py --synthetic $(N)

# Full-text search benchmark on a synthetic corpus of N articles, on the compiled build (see
# bench/search.py): index build and size, query latency, recall against a scan.
bench-search: install-bench compiled allocator
	PYTHONPATH="$(CURDIR)/$(COMPILED):$(CURDIR)" $(BIN)/python bench/search.py --articles $(N)

clean:
	rm -rf $(VENV) var build node_modules .pytest_cache .mypy_cache .ruff_cache
