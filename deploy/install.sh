#!/bin/sh
# Install or upgrade egov on Debian 12/13 from this checkout; safe to run again (each step checks before it acts).
#   sudo EGOV_BASE_DOMAIN=egov.nghean.gov.vn deploy/install.sh
# Needs /etc/egov/egov.env (created from a template on the first run, then edited by the ICT department).
set -eu

APP=/srv/egov/app
SRC=$(cd "$(dirname "$0")/.." && pwd)
DOMAIN=${EGOV_BASE_DOMAIN:-egov.example.gov.vn}
QUEUES=${WORKER_QUEUES:-celery}

apt-get update -q
apt-get install -y -q python3 python3-venv postgresql redis-server nginx logrotate libpango-1.0-0 libpangoft2-1.0-0

id egov >/dev/null 2>&1 || adduser --system --group --home /srv/egov egov
mkdir -p "$APP" /etc/egov
if [ "$SRC" != "$APP" ]; then
    cp -a "$SRC"/. "$APP"/
fi
chown -R egov:egov /srv/egov

if [ ! -f /etc/egov/egov.env ]; then
    secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
    cat > /etc/egov/egov.env <<ENV
EGOV_PRODUCTION=1
SECRET_KEY=$secret
DATABASE_URL=postgres://egov@/egov
CACHE_URL=redis://127.0.0.1:6379/0
CELERY_BROKER_URL=redis://127.0.0.1:6379/1
ALLOWED_HOSTS=$DOMAIN,.$DOMAIN
PLATFORM_HOSTS=$DOMAIN
EGOV_BASE_DOMAIN=$DOMAIN
EGOV_PUBLIC_URL=https://$DOMAIN
EGOV_TRUSTED_PROXIES=127.0.0.1
PROMETHEUS_MULTIPROC_DIR=/run/egov-metrics
ENV
    chmod 640 /etc/egov/egov.env
    chgrp egov /etc/egov/egov.env
fi

# PostgreSQL: the role, the database, and the settings of a large installation (checked by `egov doctor`).
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'egov'\"" | grep -q 1 \
    || su postgres -c "createuser egov"
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'egov'\"" | grep -q 1 \
    || su postgres -c "createdb -O egov egov"
su postgres -c "psql -q -c \"ALTER SYSTEM SET max_locks_per_transaction = 1024\" \
    -c \"ALTER SYSTEM SET max_connections = 200\" \
    -c \"ALTER SYSTEM SET shared_buffers = '$(awk '/MemTotal/ {print int($2 / 4096)}' /proc/meminfo)MB'\""
systemctl restart postgresql

su egov -s /bin/sh -c "cd $APP && python3 -m venv .venv && .venv/bin/pip install -q -e '.[deploy]'"
run() { su egov -s /bin/sh -c "cd $APP && set -a && . /etc/egov/egov.env && set +a && .venv/bin/egov $*"; }
run migrate
run collectstatic --noinput
run doctor || true

install -m 644 "$APP"/deploy/systemd/egov-web.service "$APP"/deploy/systemd/egov-worker@.service \
    "$APP"/deploy/systemd/egov-beat.service /etc/systemd/system/
sed "s/egov\.example\.gov\.vn/$DOMAIN/g" "$APP"/deploy/nginx/egov.conf > /etc/nginx/sites-available/egov.conf
ln -sf /etc/nginx/sites-available/egov.conf /etc/nginx/sites-enabled/egov.conf
install -m 644 "$APP"/deploy/logrotate/egov /etc/logrotate.d/egov
systemctl daemon-reload

systemctl enable egov-web egov-beat
for queue in $QUEUES; do systemctl enable "egov-worker@$queue"; done
# An upgrade reloads the web gracefully (new workers, old ones finish their requests); workers finish their task.
if systemctl is-active -q egov-web; then systemctl reload egov-web; else systemctl start egov-web; fi
for queue in $QUEUES; do systemctl restart "egov-worker@$queue"; done
systemctl restart egov-beat
if [ -f /etc/ssl/egov/fullchain.pem ]; then nginx -t && systemctl reload nginx; else
    echo "Put the TLS certificate at /etc/ssl/egov/fullchain.pem and privkey.pem, then: nginx -t && systemctl reload nginx"
fi
