#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
# Install it when we can; otherwise say how, and the browser tests are skipped.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's Chromium for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "Chromium is not installed: the browser tests will be skipped. Install it with: sudo apt-get install -y chromium"
