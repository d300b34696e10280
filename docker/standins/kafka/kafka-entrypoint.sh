#!/bin/bash
# Like the official apache/kafka image: every KAFKA_<NAME> variable (other than the JVM option ones) becomes a
# server property: lower case, "___" -> "-", "__" -> "_", "_" -> "."; CLUSTER_ID formats the storage on first start.
set -euo pipefail
conf=/opt/kafka/config/server.properties
mkdir -p /opt/kafka/config
: > "$conf"
for var in $(compgen -e); do
  case "$var" in
    KAFKA_HEAP_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_OPTS|KAFKA_LOG4J_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_JMX_OPTS|KAFKA_DEBUG|KAFKA_VERSION) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=$(printf '%s' "${var#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  printf '%s=%s\n' "$key" "${!var}" >> "$conf"
done
grep -q '^log.dirs=' "$conf" || echo "log.dirs=/tmp/kraft-combined-logs" >> "$conf"
echo "server.properties from the environment:"; sed 's/^/  /' "$conf"
cp="/opt/kafka/libs/*"
java -cp "$cp" kafka.tools.StorageTool format -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$conf" --ignore-formatted
exec java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} ${KAFKA_OPTS:-} -cp "$cp" kafka.Kafka "$conf"
