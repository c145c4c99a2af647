#!/bin/sh
# Regenerate docs/assets/screenshots/{home,article,actor,topic}.png (1280x800) from a
# fresh build of the seeds site, with the browser tests' fixtures.
set -eu
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
sh tools/ensure_chromium.sh
sh tools/ensure_axe.sh
UPDATE_SCREENSHOTS=1 "$PY" -m pytest -q -p no:cacheprovider \
    "tests/browser/test_reader.py::test_update_screenshots" "$@"
ls -l docs/assets/screenshots/*.png
