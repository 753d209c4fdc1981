# Clinic: `make run` serves the site with demo logins; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP_FILTER := grep -v -e 'is ignored' -e '^Requirement already satisfied' || true
PYTEST_ARGS ?=
PORT ?= 8000
DEBIAN_PACKAGES := chromium libharfbuzz-subset0 poppler-utils wrk redis-server

.PHONY: venv deps run test test-postgres lint security bench clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip 2>&1 | $(PIP_FILTER)
	@$(PY) -m pip install --quiet -e '.[dev]' 2>&1 | $(PIP_FILTER)
	@touch $@

venv: $(VENV)/.installed

# Debian packages for the browser tests and fast PDFs; installed when root on Debian.
deps:
	@bash .ci/deps.sh $(DEBIAN_PACKAGES)

run: venv
	@-bash .ci/deps.sh libharfbuzz-subset0
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py demo
	DEBUG=1 $(PY) manage.py demo_clients
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv deps
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: venv
	bash .ci/with-postgres.sh $(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# bandit must be clean (reviewed findings carry `# nosec Bxxx  # why`); pip-audit asks PyPI's
# advisory service about every installed package and reports without failing, so an
# advisory published tomorrow does not break today's build.
security: venv
	$(VENV)/bin/bandit -c pyproject.toml -r clinic techniques clients -q
	$(VENV)/bin/pip-audit --progress-spinner off --skip-editable \
	  || echo "pip-audit reported advisories (not failing CI)"

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache .hypothesis
