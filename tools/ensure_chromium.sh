#!/bin/sh
# Make Debian's Chromium available for the browser tests (tests/browser).
# Idempotent; prints one line and exits 0 either way: without Chromium the browser
# tests skip themselves, saying why. Playwright never downloads a browser here.
# fonts-liberation (only "recommended" by chromium) gives pages and screenshots real text.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1 || echo "$CHROMIUM")"
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if { apt-get install -y --no-install-recommends chromium fonts-liberation \
        || { apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation; }; } \
        >/tmp/ensure_chromium.log 2>&1 && [ -x "$CHROMIUM" ]; then
        echo "chromium: installed with apt-get ($("$CHROMIUM" --version 2>/dev/null | head -n 1))"
    else
        echo "chromium: apt-get install chromium failed (see /tmp/ensure_chromium.log); browser tests will be skipped"
    fi
else
    echo "chromium: $CHROMIUM missing and cannot apt-get install it (needs root and apt); browser tests will be skipped"
fi
exit 0
