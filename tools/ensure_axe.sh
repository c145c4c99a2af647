#!/bin/sh
# Install axe-core (pinned in package-lock.json) into node_modules for the
# accessibility checks in tests/browser. Idempotent; prints one line and exits 0
# either way: without it those checks skip themselves, saying why.
cd "$(dirname "$0")/.." || exit 0
if [ -f node_modules/axe-core/axe.min.js ]; then
    echo "axe-core: $(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' node_modules/axe-core/package.json | head -n 1) in node_modules"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "axe-core: npm not found; accessibility checks will be skipped"
    exit 0
fi
if npm ci --ignore-scripts --no-audit --no-fund >/tmp/ensure_axe.log 2>&1 \
    && [ -f node_modules/axe-core/axe.min.js ]; then
    echo "axe-core: installed with npm ci"
else
    echo "axe-core: npm ci failed (see /tmp/ensure_axe.log); accessibility checks will be skipped"
fi
exit 0
