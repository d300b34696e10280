#!/bin/bash
# The compose deployment tests. They are JUnit tests now (compose-tests/.../ComposeDeploymentIT: Testcontainers' compose
# support builds, starts, waits for every health check and stops; docker/compose-checks.sh holds the walkthrough and
# the operator-surface checks it runs; ClusterDeploymentIT does the same for docker-compose.cluster.yml and kills parts
# of it under load); this wrapper keeps the old entry point and prepares Docker for them.
#
#   docker/compose-test.sh [--skip-if-no-docker] [--official-images]     (after ./mvnw package -DskipTests)
#
#   --skip-if-no-docker  without a Docker engine and no way to get one: one line, exit 0 (never with CI=true)
#   --official-images    use the official images (a host that can pull) instead of the stand-ins of docker/standins/
# As root with apt it installs docker.io, docker-compose and debootstrap when missing and starts dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."
skip_ok=false standins=true
for arg in "$@"; do
  case "$arg" in
    --skip-if-no-docker) skip_ok=true ;;
    --official-images) standins=false ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
if ! docker/docker-env.sh --install; then
  if $skip_ok && [ "${CI:-}" != true ]; then echo "compose-test: skipped: no Docker engine here"; exit 0; fi
  echo "compose-test: FAILED: no Docker engine here" >&2; exit 1
fi
if $standins; then
  # no registry reachable: local stand-ins through the compose file's image variables, and no Testcontainers
  # reaper (an image to pull too); the test stops its containers itself
  eval "$(docker/standins/build.sh)"
  export TESTCONTAINERS_RYUK_DISABLED=true
fi
exec ./mvnw -B verify -Pcompose -pl compose-tests
