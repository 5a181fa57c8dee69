# The README's two commands are `make serve` and `make test`; each sets up
# everything it needs first (virtualenv, npm packages, Chromium and a Java runtime for tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Tests run in two processes (pytest-xdist), each test file whole in one of them, so a
# file's module fixtures and each process's session builds are made once; files are handed out
# in the order tests/conftest.py gives them. `make test WORKERS=0` runs them in this one process.
WORKERS ?= 2
PYTEST := $(BIN)/pytest --durations=12 $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadfile --no-loadscope-reorder)

.PHONY: setup serve build test test-fast bench clean pdf warm-runtime

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $@

serve: setup
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: setup
	$(BIN)/mkdocs build --strict

# The first build of a test run compresses Pyodide's 9.6 MB wasm (brotli 11, half a minute on one core; see
# node/precompress.mjs). `make test` starts that as soon as npm has installed Pyodide, in the background,
# so it runs while pip installs and the browser is checked; the build waits for it rather than doing it again.
warm-runtime: node_modules/.installed
	mkdir -p .cache
	node plugins/incident_handbook/node/precompress.mjs --warm .cache/precompressed \
		node_modules/pyodide/pyodide.asm.wasm > .cache/warm-runtime.log 2>&1 &

test: warm-runtime setup
	scripts/ensure-chromium
	scripts/ensure-java
	$(BIN)/ruff check plugins tests bench scripts
	$(PYTEST)

# The edit loop: everything but the browser tests (unit, golden, build, HTML validity).
test-fast: setup
	scripts/ensure-java
	$(BIN)/ruff check plugins tests bench scripts
	$(PYTEST) -m "not browser"

clean:
	rm -rf site .cache $(VENV) node_modules

# The site in site/, plus every runbook as PDF (A4 and US Letter) in site/runbooks/pdf/,
# linked from the runbook pages: deploy site/ as it is. See README, "Printing and PDFs".
pdf: setup
	scripts/ensure-chromium
	$(BIN)/python scripts/runbook_pdf.py

# Reports in reports/: wizard-bench.md (loopback and emulated 4G / slow 4G), lighthouse.md
# (a plain server) and lighthouse-compressed.md (as a static host serves); see README.
bench: setup
	scripts/ensure-chromium
	$(BIN)/python bench/wizard_bench.py
	$(BIN)/python bench/lighthouse_bench.py
	$(BIN)/python bench/lighthouse_bench.py --compressed --out reports/lighthouse-compressed.md
