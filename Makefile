# The two commands: `make site` and `make test`. Both create .venv when missing
# and install the pinned, hash-checked dependencies from requirements.lock.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site test lint typecheck unit lock serve clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build --seeds seeds --site site

test: lint typecheck unit

lint: $(STAMP)
	$(PY) -m ruff check generator tests
	$(PY) -m ruff format --check generator tests

typecheck: $(STAMP)
	$(PY) -m mypy generator

unit: $(STAMP)
	$(PY) -m pytest -q

serve: $(STAMP)
	$(PY) -m generator serve

# Regenerate requirements.lock after editing pyproject.toml (needs uv or pip-tools).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf site .cache build *.egg-info
