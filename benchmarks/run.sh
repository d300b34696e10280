#!/usr/bin/env bash
# The benchmark in one command: builds the packaged services and this module (tests skipped), then runs
# BenchmarkIT, which starts Kafka, PostgreSQL and the services itself. Results: benchmarks/target/benchmark/.
# Extra Maven arguments pass through, e.g. ./benchmarks/run.sh -o -Dmaven.repo.local=/somewhere -Dbench.step-seconds=5
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B "$@" -Pbenchmarks \
  -pl kafka-broker,account-service,device-service,notification-service,event-dashboard,web-console,benchmarks -am \
  verify -DskipTests
