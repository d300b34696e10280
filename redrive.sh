#!/bin/sh
# Moves dead-lettered records back to their topics once their cause is fixed (README, "Faults and re-drive"):
#   ./redrive.sh [--bootstrap-servers host:port] [--dry-run] <dead-letter topic>...
# e.g. ./redrive.sh device-events.notification-service.dlq ; KAFKA_BOOTSTRAP_SERVERS or the local run's broker.
set -eu
cd "$(dirname "$0")"
if [ ! -f local-infra/target/runtime.classpath ] || [ ! -f local-infra/target/classes/dev/miaccount/infra/Redrive.class ]; then
    ./mvnw -B -q package -DskipTests -pl local-infra -am
fi
exec java -cp "local-infra/target/classes:$(cat local-infra/target/runtime.classpath)" dev.miaccount.infra.Redrive "$@"
