#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, trust auth, database `test`) and Redis (127.0.0.1:6379)
# are running for the tests: start them when installed, install them with apt when missing
# (root only). Never fails: tests that need a service that still is not there are skipped
# with a visible reason.
set -uo pipefail

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null 2>&1; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1 && can_install; then
    echo "services: installing PostgreSQL"; apt_install postgresql
  fi
  if ls /etc/postgresql/*/main >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    conf=/etc/postgresql/$version/main
    grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf" 2>/dev/null || \
      sed -i '1i host all all 127.0.0.1/32 trust' "$conf/pg_hba.conf" 2>/dev/null || true
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    for _ in $(seq 20); do pg_up && break; sleep 0.5; done
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\" | grep -q 1 || createdb test" 2>/dev/null || true
  fi
fi
pg_up && echo "services: PostgreSQL is up on 127.0.0.1:5432" || echo "services: PostgreSQL is NOT available: its tests will be skipped"

if ! redis_up; then
  if ! command -v redis-server >/dev/null && can_install; then
    echo "services: installing Redis"; apt_install redis-server
  fi
  if command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1 || true
    for _ in $(seq 20); do redis_up && break; sleep 0.5; done
  fi
fi
# nginx: only its binary, for the tests of deploy/nginx.conf (`nginx -t` and a live balancer on
# loopback); nothing is started here.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] && can_install; then
  echo "services: installing nginx (for the deployment tests)"
  apt_install nginx-light || apt_install nginx || true
fi

redis_up && echo "services: Redis is up on 127.0.0.1:6379" || echo "services: Redis is NOT available: its tests will be skipped"
exit 0
