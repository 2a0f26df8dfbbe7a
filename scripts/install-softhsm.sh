#!/bin/sh
# SoftHSM2 (Debian's `softhsm2` package): a software PKCS#11 token the signature tests sign with, standing in for an
# agency's HSM or a signer's USB token. The platform loads whatever PKCS#11 library the ICT department names.
#
# Called by tests/test_signatures_pkcs11.py when softhsm2-util is missing; run it by hand too:
# `sh scripts/install-softhsm.sh`. Installs it only on Debian/Ubuntu (apt-get) and only as root; otherwise it says
# what to run and exits with 1 (the test then fails with the same advice: it is never skipped).
set -u

command -v softhsm2-util >/dev/null 2>&1 && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "signatures: the PKCS#11 test needs SoftHSM2 (softhsm2-util): install it with your package manager" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "signatures: the PKCS#11 test needs SoftHSM2. As root: apt-get update && apt-get install -y softhsm2" >&2
  exit 1
fi

echo "signatures: installing softhsm2 (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "signatures: apt-get update failed, trying the cached package lists" >&2
if ! apt-get install -y -qq softhsm2 >/dev/null 2>&1; then
  echo "signatures: apt-get could not install softhsm2; run apt-get update && apt-get install -y softhsm2" >&2
  exit 1
fi
command -v softhsm2-util >/dev/null 2>&1 || { echo "signatures: softhsm2 installed but softhsm2-util is missing" >&2; exit 1; }
