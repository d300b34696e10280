# One image recipe for every service: docker compose passes MODULE (account-service, ...).
# Base images are build arguments so that a host without registry access can substitute local ones.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUN_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests -pl ${MODULE} -am

FROM ${RUN_IMAGE} AS run
ARG MODULE
WORKDIR /app
COPY --from=build /src/${MODULE}/target/quarkus-app/ /app/
RUN useradd --system --uid 1001 app 2>/dev/null || adduser -S -u 1001 app
USER 1001
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
