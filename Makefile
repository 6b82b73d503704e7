# Two commands do everything: `make run` (demo on SQLite) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint format openapi bench demo install check clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Run the platform with the national demo on SQLite at http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## Run the whole test suite (SQLite unless DATABASE_URL points elsewhere), on every core
## (pytest-xdist; each worker has its own test database). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check zhifa bench
	$(VENV)/bin/ruff format --check zhifa bench

format: $(STAMP)
	$(VENV)/bin/ruff format zhifa bench
	$(VENV)/bin/ruff check --fix zhifa bench

## Regenerate the committed OpenAPI schema (a test fails when it drifts)
openapi: $(STAMP)
	$(PY) manage.py export_openapi > docs/openapi.json

bench: $(STAMP)
	@for f in bench/[!_]*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) var
