# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Python 3.12 (pymc-marketing, issue #16): the one on PATH, else pyenv's newest 3.12.x when
# its shim is not the active version; or PYTHON=/path/to/python3.12
PYTHON ?= $(shell python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null \
	|| PYENV_VERSION="$$(pyenv versions --bare 2>/dev/null | grep -Ex '3\.12\.[0-9]+' | sort -V | tail -1)" \
		pyenv which python3.12 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
DEMO_RAW_PATH := $(CURDIR)/data/raw
RAW_PATH ?= $(DEMO_RAW_PATH)
TEST_RAW_PATH := $(CURDIR)/target/test_raw
export MARKETSEG_DUCKDB_PATH ?= $(CURDIR)/warehouse/marketseg.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
# deterministic test build: fixed seed, fixed export time
TEST_WAREHOUSE := $(CURDIR)/target/test_warehouse.duckdb
# the test build's own published file: the gate's drift never compares the test data with
# the demo's serving file (warehouse/serving.duckdb)
TEST_SERVING := $(CURDIR)/target/test_serving.duckdb
TEST_VARS := {raw_path: "$(TEST_RAW_PATH)", extracted_at: "2026-01-01 00:00:00"}

.PHONY: help run test test-data lint install install-dev install-spark install-browser build-test pytest test-spark clean bench dashboard

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# .venv is made with Python 3.12; one of another Python (3.11 before issue #16) is made
# again if make made it (.installed), else left to its owner
IS_312 := import sys; sys.exit(sys.version_info[:2] != (3, 12))
$(VENV)/.python-3.12:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c '$(IS_312)' 2>/dev/null; then \
		echo "Python 3.12 is needed (pymc-marketing): install it, or pass PYTHON=/path/to/python3.12" >&2; exit 1; fi
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c '$(IS_312)'; then \
		if [ ! -f $(VENV)/.installed ]; then \
			echo "$(VENV) has another Python than 3.12 and was not made by make: remove it, then run make again" >&2; exit 1; fi; \
		echo "$(VENV) has Python $$($(BIN)/python -c 'import platform; print(platform.python_version())'): making it again with Python 3.12"; \
		rm -rf $(VENV); \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -c '$(IS_312)'
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml constraints.txt $(VENV)/.python-3.12
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,orchestration,bench,dashboard]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install the pinned dependencies

install-dev: $(VENV)/.installed-dev  ## also install the test and lint tools, the Dagster example and the bench extra

# the demo marketplace is generated if missing; a user's export is only checked (read-only)
# `marketseg build`: dbt build, the quality gate, then publish to the serving file (docs/serving.md)
run: install  ## generate the demo marketplace if missing, build, check quality, publish, show the marts
	mkdir -p warehouse
	if [ "$$(realpath -m -- "$(RAW_PATH)")" = "$$(realpath -m -- "$(DEMO_RAW_PATH)")" ]; then \
		$(BIN)/marketseg generate --out "$(RAW_PATH)" --if-missing; \
	else \
		$(BIN)/marketseg check-raw --path "$(RAW_PATH)"; \
	fi
	MARKETSEG_RAW_PATH="$(RAW_PATH)" $(BIN)/marketseg build
	$(BIN)/marketseg summary

# the deterministic test marketplace, regenerated whenever the generator changes
$(TEST_RAW_PATH)/_generator_manifest.json: $(wildcard marketseg/generator/*.py) marketseg/contract.py | $(VENV)/.installed
	$(BIN)/marketseg generate --out "$(TEST_RAW_PATH)" --seed 7 --buyers 2000 --sellers 60 --quiet

test-data: $(TEST_RAW_PATH)/_generator_manifest.json  ## generate the deterministic test marketplace

lint: install-dev test-data  ## sqlfluff (dbt templater), ruff
	$(BIN)/ruff check marketseg python_tests orchestration
	$(BIN)/ruff format --check marketseg python_tests orchestration
	MARKETSEG_DUCKDB_PATH="$(TEST_WAREHOUSE)" $(BIN)/sqlfluff lint models tests analyses

build-test: install-dev test-data  ## build and test the project on deterministic test data, then the quality gate
	MARKETSEG_DUCKDB_PATH="$(TEST_WAREHOUSE)" $(BIN)/dbt build --vars '$(TEST_VARS)'
	MARKETSEG_DUCKDB_PATH="$(TEST_WAREHOUSE)" MARKETSEG_SERVING_PATH="$(TEST_SERVING)" \
		$(BIN)/marketseg quality --docs-dir target/quality/test_data_docs

# the dashboard's browser test drives Debian's chromium (python_tests/test_dashboard_browser.py):
# installed with apt when missing and make runs as root (CI), else make says how
CHROMIUM := /usr/bin/chromium
install-browser:  ## install Debian's chromium for the dashboard's browser test (root, apt)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
		|| { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	else \
		echo "the dashboard's browser test needs $(CHROMIUM): sudo apt-get install chromium" >&2; exit 1; \
	fi

pytest: install-dev install-browser  ## the Python tests (generator, CLI, contract, conventions, end to end)
	MARKETSEG_DUCKDB_PATH="$(TEST_WAREHOUSE)" MARKETSEG_TEST_RAW_PATH="$(TEST_RAW_PATH)" \
		MARKETSEG_SERVING_PATH="$(TEST_SERVING)" $(BIN)/python -m pytest || status=$$?; \
		status=$${status:-0}; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

test: lint build-test pytest  ## lint, build on test data, run every test

# issue #15: the same project on Apache Spark (docs/spark.md). The test data built on the
# `spark` target (PySpark in dbt's process, local[2], Spark's own Parquet tables in a folder
# of target/), built a second time without --full-refresh (a daily re-run), its quality gate,
# and a pytest comparing every relation of marts and segments with the DuckDB build of
# `make build-test`
SPARK_TEST_WAREHOUSE := $(CURDIR)/target/spark_test_warehouse
# Spark runs no dbt Python model: it is compared with a DuckDB build without the predictions
NO_PREDICTIONS_WAREHOUSE := $(CURDIR)/target/test_warehouse_no_predictions.duckdb
NO_PREDICTIONS_VARS := {raw_path: "$(TEST_RAW_PATH)", extracted_at: "2026-01-01 00:00:00", predictions_enabled: false}
SPARK_ENV := MARKETSEG_TARGET=spark MARKETSEG_SPARK_WAREHOUSE="$(SPARK_TEST_WAREHOUSE)" SPARK_LOCAL_IP=127.0.0.1

$(VENV)/.installed-spark: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,orchestration,bench,dashboard,spark]'
	touch $@

install-spark: $(VENV)/.installed-spark  ## also install dbt-spark and PySpark (Java 17 needed)

test-spark: $(VENV)/.installed-spark build-test  ## build the test data on Spark, gate it, compare it with DuckDB (predictions aside)
	rm -rf "$(SPARK_TEST_WAREHOUSE)"
	$(SPARK_ENV) $(BIN)/dbt build --vars '$(TEST_VARS)' --target-path target/spark
	$(SPARK_ENV) $(BIN)/dbt build --selector daily --vars '$(TEST_VARS)' --target-path target/spark
	$(SPARK_ENV) MARKETSEG_SERVING_PATH="$(TEST_SERVING)" \
		$(BIN)/marketseg quality --docs-dir target/quality/spark_test_data_docs
	rm -f "$(NO_PREDICTIONS_WAREHOUSE)"
	MARKETSEG_DUCKDB_PATH="$(NO_PREDICTIONS_WAREHOUSE)" $(BIN)/dbt build --vars '$(NO_PREDICTIONS_VARS)' \
		--target-path target/no_predictions
	$(SPARK_ENV) MARKETSEG_DUCKDB_PATH="$(NO_PREDICTIONS_WAREHOUSE)" MARKETSEG_PREDICTIONS_WAREHOUSE="$(TEST_WAREHOUSE)" \
		$(BIN)/python -m pytest -m spark python_tests/spark

# issue #14: full build, one-day incremental run and hand-written equivalents, measured in
# one run on generated data (target/bench); writes docs/benchmarks.md (docs/benchmarks.md)
BUYERS ?= 1000000
$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench  ## benchmark the project at BUYERS buyers (default 1000000)
	$(BIN)/marketseg bench --buyers $(BUYERS)

# issue #17: the segment dashboard over the serving file (docs/dashboard.md); `make run` first
PORT ?= 8501
$(VENV)/.installed-dashboard: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dashboard]'
	touch $@

dashboard: $(VENV)/.installed-dashboard  ## open the segment dashboard on http://localhost:PORT (default 8501)
	$(BIN)/marketseg dashboard --port $(PORT)

clean:  ## remove the build outputs (keeps .venv and data)
	rm -rf target logs warehouse/*.duckdb warehouse/*.wal warehouse/tmp
