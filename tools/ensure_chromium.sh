#!/bin/sh
# Make Debian's Chromium available for the browser tests (tests/browser).
# Idempotent; prints one line and exits 0 either way: without Chromium the browser
# tests skip themselves, saying why. Playwright never downloads a browser here.
# fonts-liberation (only "recommended" by chromium) gives pages and screenshots real text.
# CHROMIUM names another binary (the GitHub runner's preinstalled Chrome, say).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1 || echo "$CHROMIUM")"
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "chromium: $CHROMIUM missing and apt-get needs root; browser tests will be skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: $CHROMIUM missing and no apt-get here; browser tests will be skipped"
    exit 0
fi
PACKAGES="chromium fonts-liberation"
if { $SUDO apt-get install -y --no-install-recommends $PACKAGES \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends $PACKAGES; }; } \
    >/tmp/ensure_chromium.log 2>&1 && [ -x "$CHROMIUM" ]; then
    echo "chromium: installed with apt-get ($("$CHROMIUM" --version 2>/dev/null | head -n 1))"
else
    echo "chromium: apt-get install chromium failed (see /tmp/ensure_chromium.log); browser tests will be skipped"
fi
exit 0
