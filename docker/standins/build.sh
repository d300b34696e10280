#!/bin/bash
# Builds local stand-ins for the images docker-compose.yml pulls, for a Docker host that cannot pull any image:
#   miaccount-standin/debian:bookworm   debootstrap --variant=minbase bookworm, docker import
#   miaccount-standin/jre:17            Debian's openjdk-17-jre-headless      (for eclipse-temurin:17-jre)
#   miaccount-standin/kafka:4.4.0       Kafka 4.4.0's broker jars from ~/.m2  (for apache/kafka)
#   miaccount-standin/postgres:15       Debian's PostgreSQL                   (for postgres:17)
#   miaccount-standin/mailpit:latest    a Python SMTP sink + Mailpit's API    (for axllent/mailpit)
#   miaccount-standin/kafka-ui:latest   a Python health page, read-only answers (for kafbat/kafka-ui)
#   miaccount-standin/tools:bookworm    Python 3 and wget                     (base of docker/sms-sink too)
#   miaccount-standin/trace-viewer      the project's trace-receiver jar      (for jaegertracing/jaeger)
#   miaccount-standin/haproxy:latest    Debian's haproxy                      (for haproxy, the cluster's balancers)
#   miaccount-standin/prometheus:latest Debian's prometheus                   (for prom/prometheus)
# An image that already exists is kept (--rebuild builds them all again). Needs root, debootstrap, a Docker engine,
# and kafka-broker/target/broker.classpath (./mvnw install -DskipTests). Prints the variables to export.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${STANDIN_WORK:-/var/tmp/miaccount-standins}
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true
mkdir -p "$work"

have() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }
log() { echo "[standins] $*" >&2; }
# The recipe's files, hashed: an image built from an older recipe is built again (a label keeps the hash).
recipe_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
build() { # image dir [build-arg...]
  local image=$1 dir=$2; shift 2
  local hash; hash=$(recipe_hash "$dir")
  if have "$image" && [ "$(docker image inspect -f '{{index .Config.Labels "miaccount.recipe"}}' "$image")" = "$hash" ]; then
    log "$image: present"; return
  fi
  log "$image: building"
  local args=()
  for a in "$@"; do args+=(--build-arg "$a"); done
  docker build -q --label "miaccount.recipe=$hash" "${args[@]}" -t "$image" "$dir" >/dev/null
}

base=miaccount-standin/debian:bookworm
if ! have $base; then
  if [ ! -x "$work/rootfs/usr/bin/apt-get" ]; then
    log "debootstrap --variant=minbase bookworm"
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  fi
  log "$base: docker import"
  tar -C "$work/rootfs" -c . | docker import - $base >/dev/null
fi

build miaccount-standin/jre:17 "$here/jre" BASE_IMAGE=$base
build miaccount-standin/postgres:15 "$here/postgres" BASE_IMAGE=$base
build miaccount-standin/tools:bookworm "$here/tools" BASE_IMAGE=$base
build miaccount-standin/mailpit:latest "$here/mailpit" TOOLS_IMAGE=miaccount-standin/tools:bookworm
build miaccount-standin/kafka-ui:latest "$here/kafka-ui" TOOLS_IMAGE=miaccount-standin/tools:bookworm
build miaccount-standin/haproxy:latest "$here/haproxy" BASE_IMAGE=$base
build miaccount-standin/prometheus:latest "$here/prometheus" BASE_IMAGE=$base

kafka=miaccount-standin/kafka:4.4.0
# its context is assembled below, so the recipe's own hash (this directory's) is kept in a label of its own
kafka_recipe=$(recipe_hash "$here/kafka")
if ! have $kafka || [ "$(docker image inspect -f '{{index .Config.Labels "miaccount.kafka-recipe"}}' $kafka)" != "$kafka_recipe" ]; then
  classpath="$repo/kafka-broker/target/broker.classpath"
  [ -s "$classpath" ] || { echo "missing $classpath: run ./mvnw install -DskipTests first" >&2; exit 1; }
  ctx="$work/kafka-context"
  rm -rf "$ctx"; mkdir -p "$ctx/libs" "$ctx/probe"
  cp "$here"/kafka/Dockerfile "$here"/kafka/*.sh "$ctx/"
  tr ':' '\n' < "$classpath" | while read -r jar || [ -n "$jar" ]; do if [ -n "$jar" ]; then cp "$jar" "$ctx/libs/"; fi; done
  cp "$repo"/kafka-broker/target/kafka-broker-*.jar "$ctx/libs/" 2>/dev/null || true  # its slf4j-simple settings
  clients=$(tr ':' '\n' < "$classpath" | grep '/kafka-clients-')
  javac -d "$ctx/probe" -cp "$clients" "$here/kafka/KafkaReady.java" "$here/kafka/KafkaTopics.java"
  echo "LABEL miaccount.kafka-recipe=$kafka_recipe" >> "$ctx/Dockerfile"
  rebuild=true build $kafka "$ctx" JRE_IMAGE=miaccount-standin/jre:17
fi

# The trace viewer's stand-in is this project's trace-receiver: rebuilt with each jar (./mvnw package makes it).
receiver_jar="$repo/trace-receiver/target/trace-receiver.jar"
[ -s "$receiver_jar" ] || { echo "missing $receiver_jar: run ./mvnw package -DskipTests first" >&2; exit 1; }
ctx="$work/trace-viewer-context"
rm -rf "$ctx"; mkdir -p "$ctx"
cp "$here"/trace-viewer/Dockerfile "$receiver_jar" "$ctx/"
build miaccount-standin/trace-viewer:latest "$ctx" JRE_IMAGE=miaccount-standin/jre:17

cat <<VARS
export KAFKA_IMAGE=$kafka
export TRACE_VIEWER_IMAGE=miaccount-standin/trace-viewer:latest
export POSTGRES_IMAGE=miaccount-standin/postgres:15
export MAILPIT_IMAGE=miaccount-standin/mailpit:latest
export KAFKA_UI_IMAGE=miaccount-standin/kafka-ui:latest
export SERVICE_RUN_IMAGE=miaccount-standin/jre:17
export SMS_SINK_BASE_IMAGE=miaccount-standin/tools:bookworm
export HAPROXY_IMAGE=miaccount-standin/haproxy:latest
export PROMETHEUS_IMAGE=miaccount-standin/prometheus:latest
VARS
