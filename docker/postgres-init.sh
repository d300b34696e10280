#!/bin/bash
# First start of the compose PostgreSQL (docker-entrypoint-initdb.d): one database per service, each owned by its
# own login role with its own password, so that a service's credentials open its own database and nothing else:
#   account_service -> account, device_service -> device, notification_service -> notification
# The passwords come from ACCOUNT_DB_PASSWORD, DEVICE_DB_PASSWORD and NOTIFICATION_DB_PASSWORD. psql reads them with
# \getenv (PostgreSQL 15+), so that no password is ever on a command line. Runs once, on an empty data volume:
# to change a password later, ALTER ROLE ... PASSWORD as the superuser (or start over with `down -v`).
# The image may source this file rather than run it: no exit on success, and a failure must stop the init.
set -euo pipefail
for service in account device notification; do
  variable="${service^^}_DB_PASSWORD"
  if [ -z "${!variable:-}" ]; then
    echo "postgres-init: $variable is not set" >&2
    exit 1
  fi
  echo "postgres-init: database $service owned by ${service}_service"
  psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres \
    -v role="${service}_service" -v db="$service" -v password_variable="$variable" <<'SQL'
\getenv password :password_variable
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"db" OWNER :"role";
-- only its owner (and the superuser) may connect; PostgreSQL 15+ already keeps PUBLIC from creating in its schema
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
# the maintenance database is no place for the services either
psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC'
