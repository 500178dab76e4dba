#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs when they are missing:
# PostgreSQL (server + client), PostGIS and pg_cron for that PostgreSQL major, Redis, python3-venv,
# Node.js with npm, Chromium (the mobile app's browser journeys; Playwright downloads no browser).
# With --bench also wrk, the HTTP load generator of `make bench` (not needed by run or test);
# with --cluster also HAProxy, the load balancer in front of `make cluster`'s API nodes.
# Does nothing (and needs no root) when everything is already there.
set -euo pipefail

pg_major() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1; }

missing=()
major=$(pg_major)
if [ -z "$major" ] || [ ! -x "/usr/lib/postgresql/$major/bin/initdb" ]; then
  missing+=(postgresql postgresql-contrib)
  major=""
fi
if [ -n "$major" ]; then
  # the .so, not only the control file: postgresql-N-postgis-3-scripts can outlive a removed postgis
  { [ -f "/usr/share/postgresql/$major/extension/postgis.control" ] && [ -f "/usr/lib/postgresql/$major/lib/postgis-3.so" ]; } || missing+=("postgresql-$major-postgis-3")
  [ -f "/usr/lib/postgresql/$major/lib/pg_cron.so" ] || missing+=("postgresql-$major-cron")
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)   # the generated TypeScript client check
[ -x /usr/bin/chromium ] || missing+=(chromium)             # tests/mobile/test_e2e.py drives /usr/bin/chromium
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null 2>&1 || missing+=(wrk); fi
if [ "${1:-}" = "--cluster" ]; then command -v haproxy >/dev/null 2>&1 || missing+=(haproxy); fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
else
  echo "missing packages: ${missing[*]} — install them as root (apt-get install ${missing[*]})" >&2
  exit 1
fi

apt_install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
    || { $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

# The project runs its own clusters; do not let the Debian package create and start a 'main' one.
if [ -z "$major" ]; then
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/parkingspots.conf >/dev/null
fi

echo "installing: ${missing[*]}"
apt_install "${missing[@]}"

if [ -z "$major" ]; then   # PostgreSQL itself was missing: now add the extensions for the major just installed
  major=$(pg_major)
  apt_install "postgresql-$major-postgis-3" "postgresql-$major-cron"
fi
