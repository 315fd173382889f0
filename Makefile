# NHS Commissioning Workbook: every command a reader, trainer or contributor needs.
# `make book` and `make test` each work on their own in a fresh clone: they bootstrap the
# locked Python environment (.venv, from uv.lock) and the front-end files (node_modules,
# from package-lock.json) first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The real interpreter, not a pyenv shim: uv compares it with the one .venv was made from and
# would otherwise rebuild .venv on every run.
PYTHON ?= $(shell $$(command -v python3.11 2>/dev/null || command -v python3) -c 'import sys; print(sys.executable)')
VENV := .venv
BIN := $(VENV)/bin
UV_BOOTSTRAP := .uv-bootstrap
UV := $(shell command -v uv 2>/dev/null || echo $(UV_BOOTSTRAP)/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
APP_PORT ?= 8866
LAB_PORT ?= 8888

# Same hash seed everywhere notebooks run, so stored outputs are reproducible.
export PYTHONHASHSEED := 0
# Never let uv download a Python of its own: use the machine's 3.11.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
export UV_LINK_MODE := copy

NOTEBOOK_DIRS := book notebooks
PLOTLY_BUNDLE := node_modules/.commlib/plotly.min.js

.PHONY: help venv node_modules book test notebooks serve lab app slides handouts bench \
	data lint unit nbval site-test app-test clean tests

help: ## list the commands
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

$(UV_BOOTSTRAP)/bin/uv:
	$(PYTHON) -m venv $(UV_BOOTSTRAP)
	$(UV_BOOTSTRAP)/bin/python -m pip install --quiet --disable-pip-version-check uv

venv: $(VENV)/.synced ## create or update .venv from uv.lock

# Re-synced only when the lock or the project changes (or .venv is missing).
$(VENV)/.synced: uv.lock pyproject.toml | $(if $(shell command -v uv 2>/dev/null),,$(UV_BOOTSTRAP)/bin/uv)
	$(UV) sync --frozen
	@touch $@

node_modules: $(PLOTLY_BUNDLE) ## install the front-end files from package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# The site's plotly.js: core plus the trace types the book uses (scripts/plotly-bundle.js).
$(PLOTLY_BUNDLE): scripts/plotly-bundle.js node_modules/.package-lock.json
	@mkdir -p $(@D)
	node_modules/.bin/esbuild $< --bundle --minify --format=iife --global-name=Plotly \
		--target=es2016 --define:global=window --define:define.amd=false \
		--define:process.env.NODE_DEBUG=false --alias:stream=stream-browserify \
		--loader:.css=empty --log-level=warning \
		--banner:js="/*! plotly.js v$$(node -p 'require("plotly.js/package.json").version') (partial bundle: $$(grep -o 'plotly.js/lib/[a-z]*' $< | sed 's,.*/,,' | paste -sd ' ')) | Copyright 2012-2026, Plotly, Inc. | MIT License */" \
		--outfile=$@

book: venv node_modules ## build the site into _build/html (warnings are errors)
	$(BIN)/python scripts/build_glossary.py
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

notebooks: venv ## re-execute every notebook in place and store its outputs
	$(BIN)/python scripts/execute_notebooks.py $(NOTEBOOK_DIRS)

data: venv ## derive data/ from ../shared/data/raw (maintainers only)
	$(BIN)/python scripts/derive_data.py

lint: venv ## ruff over the library, scripts and tests
	$(BIN)/ruff check src scripts tests benchmarks

unit: venv ## unit, property and data tests
	$(BIN)/python -m pytest tests --ignore=tests/site -m "not app" -q

nbval: venv ## check that a fresh run reproduces every stored notebook output
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-p no:cacheprovider -q $(NOTEBOOK_DIRS)

site-test: venv node_modules ## browser tests against _build/html (needs `make book` and Chromium)
	$(BIN)/python -m pytest tests/site -q

app-test: venv ## end-to-end test of the Voila explorer app in Chromium
	$(BIN)/python -m pytest tests -m app -q

test: venv node_modules ## run every check: lint, unit, nbval, site build, browser and app tests
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) nbval
	$(MAKE) book
	$(MAKE) site-test
	$(MAKE) app-test

tests: test

serve: ## serve the built site on http://$(HOST):$(PORT)
	@test -d _build/html || { echo "No site yet: run 'make book' first"; exit 1; }
	@echo "Serving the workbook at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PYTHON) -m http.server $(PORT) --bind $(HOST) --directory _build/html

lab: venv ## open JupyterLab on reading copies of the chapters (lab/: numbers and solutions as on the site)
	$(BIN)/python -m commlib.lab
	$(BIN)/jupyter lab --ip=$(HOST) --port=$(LAB_PORT) --no-browser --ServerApp.root_dir=lab

clean: ## remove built files (keeps .venv and node_modules)
	rm -rf _build

# Targets owned by topic files (trainers, benchmarks).
include $(wildcard mk/*.mk)
