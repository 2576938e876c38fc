# The front door: `make run` serves the portal with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: WeasyPrint's text and image libraries, gettext for compiling translations,
# poppler-utils for the tests that read report PDFs back.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext fonts-dejavu-core poppler-utils

.PHONY: run test install system-deps translations messages lint format check-deploy worker beat clean

run: install translations
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo ""
	@echo "The CLEP Portal is at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	DEMO_MFA_CODE=000000 $(MANAGE) runserver $(HOST):$(PORT)

test: install translations
	@bash scripts/ensure_chromium.sh
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed system-deps

# Reinstalls only when requirements.txt changes, so a second `make run` starts in seconds.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run:  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

# Compiles locale/*.po into .mo files when a catalogue changed.
translations: $(VENV)/.installed
	@$(PY) scripts/compile_translations.py

# Re-extracts the strings to translate into locale/es and locale/tl.
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale es --locale tl --ignore '.venv/*' --ignore 'static/*' --ignore 'locale/*' --no-obsolete

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)/.installed
	DJANGO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=clep.commerce.wa.gov $(MANAGE) check --deploy --fail-level WARNING

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A clep_portal worker --loglevel INFO --concurrency 2

beat: $(VENV)/.installed
	$(VENV)/bin/celery -A clep_portal beat --loglevel INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
