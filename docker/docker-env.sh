#!/bin/bash
# Makes sure a Docker engine answers and a compose client is there, for the containers mode and the compose test.
#   docker/docker-env.sh            checks only
#   docker/docker-env.sh --install  as root with apt: installs docker.io, docker-compose and debootstrap (the stand-in
#                                   images are built from a debootstrapped Debian) when missing, starts dockerd
# Exit 0 when Docker is usable; else one line saying what is missing and exit 1.
set -euo pipefail
install=false
[ "${1:-}" = --install ] && install=true
say() { echo "[docker-env] $*" >&2; }

need=()
command -v docker >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  if ! $install || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "missing: ${need[*]} (install them, or run this as root with apt and --install)"
    exit 1
  fi
  say "apt-get install ${need[*]}"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null \
    || { say "apt-get install ${need[*]} failed"; exit 1; }
fi
if ! docker info >/dev/null 2>&1; then
  if ! $install || [ "$(id -u)" -ne 0 ] || ! command -v dockerd >/dev/null; then
    say "the Docker engine does not answer (docker info): start it, or run this as root with --install"
    exit 1
  fi
  say "starting dockerd"
  nohup dockerd >/var/log/miaccount-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/miaccount-dockerd.log >&2; say "dockerd did not start"; exit 1; }
fi
