#!/bin/sh
# poppler-utils (Debian's package): `pdfsig`, the independent validator the signature tests check our PDFs with.
# The platform itself never runs it; only the test suite needs it.
#
# Called by tests/test_signatures_signing.py when `pdfsig` is missing; run it by hand too:
# `sh scripts/install-poppler.sh`. Installs it only on Debian/Ubuntu (apt-get) and only as root; otherwise it says
# what to run and exits with 1 (the test then fails with the same advice: it is never skipped).
set -u

command -v pdfsig >/dev/null 2>&1 && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "signatures: the tests need pdfsig (poppler-utils): install it with your package manager" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "signatures: the tests need pdfsig. As root: apt-get update && apt-get install -y poppler-utils" >&2
  exit 1
fi

echo "signatures: installing poppler-utils (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "signatures: apt-get update failed, trying the cached package lists" >&2
if ! apt-get install -y -qq poppler-utils >/dev/null 2>&1; then
  echo "signatures: apt-get could not install poppler-utils; run apt-get update && apt-get install -y poppler-utils" >&2
  exit 1
fi
command -v pdfsig >/dev/null 2>&1 || { echo "signatures: poppler-utils installed but pdfsig is missing" >&2; exit 1; }
