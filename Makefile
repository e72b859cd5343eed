# Parley: `make demo` and `make test` on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PARLEY := $(VENV)/bin/parley

.PHONY: demo test venv install install-test lint clean test-deps-postgres test-deps-browser

$(PY):
	$(shell command -v $(PYTHON) || echo python3) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

install: $(PY)
	$(PIP) install --quiet -e .

install-test: $(PY)
	$(PIP) install --quiet -e '.[test]'

demo: install
	rm -f parley.db parley.db-wal parley.db-shm
	$(PARLEY) --db parley.db ingest examples/seed.txt --published 2025-01-23 --outlet unknown \
		--title "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump"
	$(PARLEY) --db parley.db ingest examples/articles.jsonl
	@echo; echo "== Events Parley found =="
	$(PARLEY) --db parley.db events
	@echo; echo "== The negotiation map =="
	$(PARLEY) --db parley.db map

lint: install-test
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/mypy

# PostgreSQL 15 for the store tests (tests/pg.py starts a throwaway server from these binaries).
PG_INITDB := /usr/lib/postgresql/15/bin/initdb
test-deps-postgres:
	@if [ -x $(PG_INITDB) ]; then echo "PostgreSQL 15: $(PG_INITDB)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; \
	else echo "PostgreSQL 15 is not installed and we are not root: run 'sudo apt-get install \
	postgresql' (Debian/Ubuntu) or set PARLEY_PG_BIN to its bin folder; the PostgreSQL store \
	tests are skipped without it (and fail under CI=true)."; fi

# Debian's Chromium for the browser tests (tests/web: Playwright drives /usr/bin/chromium).
CHROMIUM := /usr/bin/chromium
test-deps-browser:
	@if [ -x $(CHROMIUM) ]; then echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else echo "Chromium is not installed at $(CHROMIUM) and we are not root: run 'sudo \
	apt-get install chromium' (Debian); the browser tests in tests/web are skipped without it."; fi

test: install-test lint test-deps-postgres test-deps-browser
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) parley.db parley.db-wal parley.db-shm .pytest_cache .mypy_cache .ruff_cache
