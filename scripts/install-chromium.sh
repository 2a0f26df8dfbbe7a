#!/bin/sh
# Chromium (Debian's `chromium` package): the headless browser the statistics dashboard's tests open the pages in.
# The platform itself never runs a browser; only the test suite needs it.
#
# Called by the test suite (tests/test_statistics_browser.py) when /usr/bin/chromium (or $CHROMIUM) is missing; run it
# by hand too: `sh scripts/install-chromium.sh`. Installs it only on Debian/Ubuntu (apt-get) and only as root; otherwise
# it says what to run and exits with 1 (the browser tests then fail with the same advice: they are never skipped).
set -u

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "statistics: the dashboard tests need Chromium at $CHROMIUM: install it with your package manager" \
       "(or set CHROMIUM to its path)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "statistics: the dashboard tests need Chromium. As root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

echo "statistics: installing chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "statistics: apt-get update failed, trying the cached package lists" >&2
if ! apt-get install -y -qq chromium >/dev/null 2>&1; then
  echo "statistics: apt-get could not install chromium; run apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
[ -x "$CHROMIUM" ] || { echo "statistics: chromium installed but $CHROMIUM is missing" >&2; exit 1; }
exit 0
