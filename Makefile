# The two commands a newcomer needs: `make book` and `make test`. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: book pdf test test-fast lint format bench verify validate data setup system-deps lock clean help

help:
	@echo "make book    bygg HTML-boken från exempeldata (skapar .venv vid behov)"
	@echo "make pdf     bygg även PDF (skrivs ut med Chromium från Debian)"
	@echo "make test    kör testerna"
	@echo "make lint    kör ruff check och ruff format --check (ingår i make test)"
	@echo "make format  formaterar koden med ruff format"
	@echo "make bench   mät byggtider och nationell modellkörning"
	@echo "make verify  bygg om i en tillfällig mapp och jämför med _build/manifest.json"

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)

book: $(STAMP)
	$(PY) -m analysis build $(ARGS)

system-deps:
	bash scripts/install-system-deps.sh

pdf: $(STAMP) system-deps
	$(PY) -m analysis build --pdf $(ARGS)

test: $(STAMP) system-deps
	$(PY) -m pytest $(ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser and not pdf" $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check src tests scripts bench
	$(PY) -m ruff format --check src tests scripts bench

format: $(STAMP)
	$(PY) -m ruff format src tests scripts bench
	$(PY) -m ruff check --fix src tests scripts bench

bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

verify: $(STAMP)
	$(PY) -m analysis verify

validate: $(STAMP)
	$(PY) -m analysis validate $(ARGS)

data: $(STAMP)
	$(PY) scripts/make_example_data.py

lock: $(STAMP)
	(echo "# Exact versions for 'make setup' (Python 3.11). Regenerate: make lock"; \
	 $(PY) -m pip freeze --exclude-editable | grep -v '^-e' | sort -f) > requirements.lock

clean:
	rm -rf _build book/genererat book/kapitel/*.ipynb book/halsocentraler
