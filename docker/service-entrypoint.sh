#!/bin/sh
# Entrypoint of the service images: starts the service's JVM as uid 1001 (app), never as root.
#
# Started as root (compose does so for account-service only), it first copies every file of /run/secrets into
# /run/app-secrets (compose mounts a tmpfs there), owned by app and mode 0400, then drops root for good: setpriv
# switches to app with no capabilities and no-new-privileges before Java starts. This is how a signing key kept at
# mode 0400 by whoever owns it on the host becomes readable by the service without anyone making it readable by
# others. Started as any other user (the image's default), it starts Java directly.
set -eu
if [ "$(id -u)" = 0 ]; then
  mkdir -p /run/app-secrets
  chown app:app /run/app-secrets
  chmod 0700 /run/app-secrets
  for secret in /run/secrets/*; do
    [ -f "$secret" ] || continue
    install -o app -g app -m 0400 "$secret" /run/app-secrets/
  done
  # $JAVA_OPTS is split into words on purpose: it holds several options
  # shellcheck disable=SC2086
  exec setpriv --reuid=app --regid=app --clear-groups --no-new-privs java $JAVA_OPTS -jar /app/quarkus-run.jar
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /app/quarkus-run.jar
