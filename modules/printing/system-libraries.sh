#!/bin/sh
# The system libraries the PDF renderer (WeasyPrint) loads: Pango with its FreeType/Fontconfig back end, and
# HarfBuzz's subsetter, which makes embedding fonts in each PDF fast. Python packages come from PyPI; these do not.
#
# Run by `make install` (so by `make demo` and `make test`). Installs them only when they are missing, only on
# Debian/Ubuntu (apt-get) and only as root; otherwise it says what to install and carries on: the platform runs
# without them, only printing answers "unavailable" (and its tests are skipped).
set -u

have() { (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) | grep -q "$1"; }

missing=""    # needed
optional=""   # faster (and required by later WeasyPrint releases); absent from older distributions
have 'libpango-1.0.so.0' || missing="$missing libpango-1.0-0"
have 'libpangoft2-1.0.so.0' || missing="$missing libpangoft2-1.0-0"
have 'libharfbuzz-subset.so.0' || optional="$optional libharfbuzz-subset0"
[ -z "$missing$optional" ] && exit 0

case "$(uname -s)" in
  Darwin) echo "printing: install Pango for PDF forms: brew install pango"; exit 0 ;;
  Linux) ;;
  *) echo "printing: install Pango (>= 1.44) for PDF forms, see docs/modules/printing.md"; exit 0 ;;
esac

if ! command -v apt-get >/dev/null 2>&1; then
  echo "printing: install Pango (>= 1.44), its FreeType back end and HarfBuzz-subset with your package manager" \
       "for PDF forms (docs/modules/printing.md)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "printing: PDF forms need:$missing$optional. As root: apt-get install -y --no-install-recommends$missing$optional"
  exit 0
fi

echo "printing: installing$missing$optional"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1
# shellcheck disable=SC2086  # one word per package
if [ -n "$missing" ]; then
  apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
    || echo "printing: apt-get could not install$missing (PDF forms unavailable until it is)"
fi
for package in $optional; do
  apt-cache show "$package" >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1
done
exit 0
