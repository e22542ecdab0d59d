# Entraide: `make run` starts a demo on http://127.0.0.1:8000/, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := ENTRAIDE_DEMO=1 ENTRAIDE_HTTPS=0
# The links in e-mails point at the demo server.
RUN_ENV := $(DEMO_ENV) ENTRAIDE_BASE_URL=http://$(HOST):$(PORT)

.PHONY: run test test-pages install install-dev catalogues demo-data lint messages screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed catalogues

install-dev: $(VENV)/.installed-dev catalogues

catalogues: $(VENV)/.installed
	$(DEMO_ENV) $(BIN)/entraide compile-catalogues

demo-data: install
	$(DEMO_ENV) $(BIN)/entraide migrate --noinput
	$(DEMO_ENV) $(BIN)/entraide load-reference
	$(DEMO_ENV) $(BIN)/entraide load-treaties
	$(DEMO_ENV) $(BIN)/entraide load-treaty-texts
	$(DEMO_ENV) $(BIN)/entraide load-directory
	$(DEMO_ENV) $(BIN)/entraide load-quality-rules
	$(DEMO_ENV) $(BIN)/entraide load-demo
	$(DEMO_ENV) $(BIN)/entraide demo-data --requests 300 --seed 1

# The worker (reminders, notifications, the exchange) runs beside the server and stops with it.
run: demo-data
	@echo "Entraide (demo) on http://$(HOST):$(PORT)/ — sign in with a login printed above. Ctrl-C stops it and its worker."
	@$(RUN_ENV) $(BIN)/entraide worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/entraide runserver --noreload $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest

# The page gates: every page of every demo role through axe-core (en, ar) and the language check (fr, ar).
test-pages: install-dev
	$(BIN)/pytest -m pages

lint: install-dev
	$(BIN)/ruff check src bench tests scripts conftest.py
	$(BIN)/ruff format --check src bench tests scripts conftest.py
	ENTRAIDE_DEBUG=1 $(BIN)/mypy
	$(BIN)/lint-imports

# Developers: refresh the .po catalogues after changing strings (needs GNU gettext).
messages: install
	$(BIN)/python scripts/data_messages.py
	cd src/entraide && $(DEMO_ENV) ../../$(BIN)/entraide makemessages --no-obsolete -l fr -l es -l pt -l ar

clean:
	rm -rf $(VENV) var
