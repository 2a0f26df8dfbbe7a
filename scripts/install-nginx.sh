#!/bin/sh
# nginx (Debian's package): the test suite runs deploy/nginx/egov.conf in a real nginx on loopback, in front of
# gunicorn (tests/test_deploy_nginx.py). The platform's own install takes it from deploy/install.sh.
#
# Called by that test when `nginx` is missing; run it by hand too: `sh scripts/install-nginx.sh`. Installs it only on
# Debian/Ubuntu (apt-get) and only as root; otherwise it says what to run and exits with 1 (the test then fails with
# the same advice: it is never skipped). The package's own service is not needed: the test starts its own nginx.
set -u

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "deploy: the tests need nginx: install it with your package manager" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deploy: the tests need nginx. As root: apt-get update && apt-get install -y nginx-light || nginx" >&2
  exit 1
fi

echo "deploy: installing nginx (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "deploy: apt-get update failed, trying the cached package lists" >&2
# policy-rc.d: install the package without starting its default site on port 80.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
apt-get install -y -qq nginx >/dev/null 2>&1
status=$?
rm -f /usr/sbin/policy-rc.d
[ $status -eq 0 ] || { echo "deploy: apt-get could not install nginx; run apt-get update && apt-get install -y nginx" >&2; exit 1; }
[ -x /usr/sbin/nginx ] || { echo "deploy: nginx installed but /usr/sbin/nginx is missing" >&2; exit 1; }
