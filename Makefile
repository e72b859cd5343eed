# Parley: `make demo` and `make test` on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PARLEY := $(VENV)/bin/parley

.PHONY: demo test venv install install-test lint clean

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

test: install-test lint
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) parley.db parley.db-wal parley.db-shm .pytest_cache .mypy_cache .ruff_cache
