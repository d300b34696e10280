#!/bin/sh
# The cluster's init step (docker-compose.cluster.yml, service kafka-init): every topic and dead-letter topic the
# services use, with their partitions, replication factor 3 and min.insync.replicas 2, before any service starts.
# The services' TopicCreator would create the same ones (a no-op once they exist), but then the first replica to
# start would decide; here it is decided once, in one place. POSIX sh: the official image is Alpine-based.
#   TOPICS              name:partitions ... (the services' topics and their consumers' dead-letter topics)
#   BOOTSTRAP_SERVERS   the brokers;   REPLICATION_FACTOR (3), MIN_INSYNC_REPLICAS (2)
set -eu
bin=/opt/kafka/bin
rf=${REPLICATION_FACTOR:-3}
isr=${MIN_INSYNC_REPLICAS:-2}
deadline=$(( $(date +%s) + ${INIT_TIMEOUT_SECONDS:-120} ))
create() { # name partitions: retried while the brokers are still joining (RF 3 needs all three registered)
  until "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$1" \
      --partitions "$2" --replication-factor "$rf" --config "min.insync.replicas=$isr" >/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "kafka-init: $1 not created in time" >&2; return 1; }
    sleep 2
  done
  echo "kafka-init: $1 ($2 partitions, replication factor $rf, min.insync.replicas $isr)"
}
# in parallel: each call is a JVM start
pids=""
for entry in $TOPICS; do
  create "${entry%%:*}" "${entry##*:}" &
  pids="$pids $!"
done
failed=0
for pid in $pids; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || exit 1
echo "kafka-init: done"
