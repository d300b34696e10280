# One image recipe for every service and the event dashboard: compose passes MODULE (account-service, ...).
# Base images are build arguments so that a host without registry access can substitute local ones.
#
# Targets:
#   run (the default, last stage): Maven build stage (one for all five apps, with a dependency layer) -> JRE run
#        stage. What a fresh Docker host uses.
#   host-artifacts: the JRE run stage with <module>/target/quarkus-app built on the host
#                   (./mvnw install -DskipTests first), for hosts whose containers cannot reach Maven Central.
# host-artifacts comes before the Maven stage on purpose: the legacy builder (docker-compose 1.29 without
# BuildKit) builds every stage up to the target, so this order keeps Maven out of a host-artifacts build.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUN_IMAGE=eclipse-temurin:17-jre

FROM ${RUN_IMAGE} AS runtime
# The base must have setpriv (util-linux: Debian, Ubuntu) for the entrypoint's root start (account-service's key).
RUN useradd --system --uid 1001 --user-group --no-create-home app
WORKDIR /app
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8080 8081 8082 8083
COPY docker/service-entrypoint.sh /usr/local/bin/service-entrypoint
ENTRYPOINT ["sh", "/usr/local/bin/service-entrypoint"]

FROM runtime AS host-artifacts
ARG MODULE
# The bracket makes the artifacts optional: the legacy builder also walks this stage when it builds the default
# target on a host that has built nothing, and must not fail there (docker/service.Dockerfile always exists).
COPY docker/service.Dockerfile ${MODULE}/target/quarkus-ap[p] /app/
RUN rm -f /app/service.Dockerfile && test -f /app/quarkus-run.jar \
      || echo "warning: no ${MODULE}/target/quarkus-app on the host; run ./mvnw install -DskipTests first"
USER 1001

FROM ${BUILD_IMAGE} AS build
# One build for every image: this stage takes no MODULE, so the five services' builds run the same instructions on
# the same context and the builder makes it once (the other four come from its cache).
WORKDIR /src
# The dependency layer: the poms alone, and what they need from Maven Central (go-offline skips this reactor's own
# modules), so a source change does not download everything again; only a pom change does.
COPY pom.xml ./
COPY kafka-broker/pom.xml kafka-broker/
COPY local-infra/pom.xml local-infra/
COPY event-contracts/pom.xml event-contracts/
COPY web-problems/pom.xml web-problems/
COPY messaging/pom.xml messaging/
COPY auth/pom.xml auth/
COPY test-support/pom.xml test-support/
COPY account-service/pom.xml account-service/
COPY device-service/pom.xml device-service/
COPY notification-service/pom.xml notification-service/
COPY event-dashboard/pom.xml event-dashboard/
COPY web-console/pom.xml web-console/
COPY system-tests/pom.xml system-tests/
COPY security-tests/pom.xml security-tests/
COPY browser-tests/pom.xml browser-tests/
ENV APPS=account-service,device-service,notification-service,event-dashboard,web-console
RUN mvn -B -q dependency:go-offline -pl ${APPS} -am
COPY . .
RUN mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar -pl ${APPS} -am

FROM runtime AS run
ARG MODULE
COPY --from=build /src/${MODULE}/target/quarkus-app/ /app/
USER 1001
