#!/bin/sh
# Starts the whole system on this machine with nothing but a JDK 17+: a real Kafka broker, a real PostgreSQL,
# and every service on the ports of API.md. Builds what it needs first (again after a source change).
# Ctrl-C or SIGTERM stops everything. Data and logs stay in .local-run/ (delete it to start empty).
set -eu
cd "$(dirname "$0")"

stamp=.local-run/build.stamp
needs_build() {
    [ -f "$stamp" ] || return 0
    for artifact in kafka-broker/target/broker.classpath local-infra/target/runtime.classpath \
        account-service/target/quarkus-app/quarkus-run.jar device-service/target/quarkus-app/quarkus-run.jar \
        notification-service/target/quarkus-app/quarkus-run.jar event-dashboard/target/quarkus-app/quarkus-run.jar \
        web-console/target/quarkus-app/quarkus-run.jar; do
        [ -f "$artifact" ] || return 0
    done
    changed=$(find . -path ./.local-run -prune -o -path '*/target' -prune -o -path ./.git -prune -o -type f \
        \( -name '*.java' -o -name '*.properties' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.html' \
           -o -name '*.js' -o -name '*.css' \) -newer "$stamp" -print | head -n 1)
    [ -n "$changed" ]
}

if needs_build; then
    echo "Building (once, and again after a source change) ..."
    ./mvnw -B -q package -DskipTests
    mkdir -p .local-run && touch "$stamp"
fi

exec java -cp "local-infra/target/classes:$(cat local-infra/target/runtime.classpath)" dev.miaccount.infra.LocalRun
