# Payvand: `make run` ingests the bundled articles and serves the API; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test ingest serve check bench clean

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

install-test: $(VENV)/.installed-test

ingest: install
	$(BIN)/payvand ingest data/articles --store $(STORE)

serve: install
	$(BIN)/payvand serve --store $(STORE) --host $(HOST) --port $(PORT)

run: ingest serve

check: install-test
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/check

test: check

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
