#!/bin/bash
# The container test of docker-compose.yml: builds the images, `up`, waits until every container is healthy (and
# prints the seconds that took), runs the README walkthrough against the containers with curl, prints the image
# sizes of the services, then `down -v`. Exit 0 only when all of that passed.
#
#   docker/compose-test.sh [--skip-if-no-docker] [--maven-stage] [--official-images]
#
# Where no image can be pulled (this project's machines), it builds the stand-ins of docker/standins/ and
# substitutes them through the compose file's image variables only. As root with apt it installs docker.io,
# docker-compose and debootstrap when they are missing and starts dockerd itself.
#   --skip-if-no-docker  without a Docker engine and no way to get one (not root, or no apt): one line, exit 0
#   --maven-stage        build the service images in the Dockerfile's Maven stage (default here: host-artifacts,
#                        the packaged apps of `./mvnw install -DskipTests`, which must exist)
#   --official-images    use the official images (a host that can pull) instead of the stand-ins
# COMPOSE="docker compose" or COMPOSE=docker-compose picks the client; by default v2 when present, else 1.29.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
skip_ok=false maven_stage=false standins=true
for arg in "$@"; do
  case "$arg" in
    --skip-if-no-docker) skip_ok=true ;;
    --maven-stage) maven_stage=true ;;
    --official-images) standins=false ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { echo "[compose-test] $*"; }
fail() { echo "[compose-test] FAILED: $*" >&2; exit 1; }
skip_or_fail() {
  if $skip_ok; then echo "compose-test: skipped: $1"; exit 0; fi
  fail "$1"
}

# --- a Docker engine and the compose client ------------------------------------------------------------------
need=()
command -v docker >/dev/null || need+=(docker.io)
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
$standins && ! command -v debootstrap >/dev/null && need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    skip_or_fail "no Docker engine here (missing: ${need[*]}) and no root with apt to install it"
  fi
  say "apt-get install ${need[*]}"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null \
    || fail "apt-get install ${need[*]}"
fi
if ! docker info >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || skip_or_fail "the Docker engine is not running and only root can start it"
  say "starting dockerd"
  nohup dockerd >/var/log/miaccount-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/miaccount-dockerd.log >&2; fail "dockerd did not start"; }
fi
if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE=docker-compose; fi
fi
compose() { $COMPOSE -p miaccount-compose-test "$@"; }
say "compose client: $COMPOSE ($($COMPOSE version --short 2>/dev/null || $COMPOSE version | head -1))"

# --- images, keys, ports ---------------------------------------------------------------------------------------
modules=(account-service device-service notification-service event-dashboard)
if ! $maven_stage; then
  for m in "${modules[@]}"; do
    [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || fail "$m/target/quarkus-app missing: run ./mvnw install -DskipTests first"
  done
  export SERVICE_BUILD_TARGET=host-artifacts
fi
if $standins; then
  [ -f kafka-broker/target/broker.classpath ] || fail "kafka-broker/target/broker.classpath missing: run ./mvnw install -DskipTests first"
  t=$(date +%s)
  eval "$(docker/standins/build.sh)"
  say "stand-in images ready in $(( $(date +%s) - t )) s: $KAFKA_IMAGE $POSTGRES_IMAGE $MAILPIT_IMAGE $KAFKA_UI_IMAGE $SERVICE_RUN_IMAGE"
  if $maven_stage; then
    docker image inspect miaccount-standin/maven:3 >/dev/null 2>&1 || docker build -q -t miaccount-standin/maven:3 \
      --build-arg JRE_IMAGE=miaccount-standin/jre:17 docker/standins/maven >/dev/null
    export SERVICE_BUILD_IMAGE=miaccount-standin/maven:3
  fi
fi

keys=$(mktemp -d /tmp/miaccount-compose-keys.XXXXXX)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/token-signing-key.pem" 2>/dev/null
openssl pkey -in "$keys/token-signing-key.pem" -pubout -out "$keys/token-verification-key.pem"
chmod 755 "$keys"; chmod 644 "$keys"/*.pem   # read by the services' uid 1001 through the bind mount
export MIACCOUNT_KEYS_DIR=$keys

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
shift_ports=0
for p in 8080 8081 8082 8083 8025 8090; do port_busy $p && shift_ports=10000; done
export DASHBOARD_PORT=$((8080 + shift_ports)) ACCOUNT_SERVICE_PORT=$((8081 + shift_ports)) \
  DEVICE_SERVICE_PORT=$((8082 + shift_ports)) NOTIFICATION_SERVICE_PORT=$((8083 + shift_ports)) \
  MAILPIT_UI_PORT=$((8025 + shift_ports)) KAFKA_UI_PORT=$((8090 + shift_ports))
[ $shift_ports -eq 0 ] || say "a port of 8080-8083/8025/8090 is taken on this host: publishing on 1xxxx instead"
A=http://localhost:$ACCOUNT_SERVICE_PORT/api/v1 D=http://localhost:$DEVICE_SERVICE_PORT/api/v1
N=http://localhost:$NOTIFICATION_SERVICE_PORT/api/v1 E=http://localhost:$DASHBOARD_PORT/api/v1

ok=false
cleanup() {
  if ! $ok; then
    say "logs of the failed run:"
    compose ps || true
    compose logs --no-color --tail=60 2>&1 | tail -400 || true
  fi
  say "down -v"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$keys"
}
trap cleanup EXIT
compose down -v --remove-orphans >/dev/null 2>&1 || true

# --- build, up, healthy ----------------------------------------------------------------------------------------
t=$(date +%s)
say "build (target ${SERVICE_BUILD_TARGET:-run})"
compose build >/tmp/miaccount-compose-build.log 2>&1 || { tail -40 /tmp/miaccount-compose-build.log >&2; fail "compose build"; }
say "built in $(( $(date +%s) - t )) s"

t0=$(date +%s.%N)
compose up -d >/tmp/miaccount-compose-up.log 2>&1 || { cat /tmp/miaccount-compose-up.log >&2; fail "compose up"; }
services=$(compose config --services)
deadline=$(( $(date +%s) + 300 ))
declare -A healthy_at
while :; do
  pending=()
  for s in $services; do
    id=$(compose ps -q "$s")
    status=$( [ -n "$id" ] && docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" || echo missing)
    if [ "$status" = healthy ]; then
      [ -n "${healthy_at[$s]:-}" ] || healthy_at[$s]=$(awk "BEGIN { printf \"%.0f\", $(date +%s.%N) - $t0 }")
    else
      pending+=("$s:$status")
    fi
    if [ -n "$id" ] && [ "$(docker inspect -f '{{.RestartCount}}' "$id")" -ge 3 ]; then
      fail "$s restarted 3 times before it was healthy"
    fi
  done
  [ ${#pending[@]} -eq 0 ] && break
  [ "$(date +%s)" -lt "$deadline" ] || fail "not healthy after 300 s: ${pending[*]}"
  sleep 1
done
healthy_s=$(awk "BEGIN { print $(date +%s.%N) - $t0 }")
printf '[compose-test] all %d containers healthy %.1f s after `up` (load average %s)\n' "$(echo $services | wc -w)" \
  "$healthy_s" "$(cut -d' ' -f1-3 /proc/loadavg)"
say "healthy after (s): $(for s in $services; do printf '%s=%s ' "$s" "${healthy_at[$s]}"; done)"

# --- the README walkthrough ------------------------------------------------------------------------------------
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
# call METHOD URL EXPECTED_STATUS [curl args...]: prints the body, fails on another status
call() {
  local method=$1 url=$2 want=$3; shift 3
  local out status
  out=$(curl -s -S -m 20 -w '\n%{http_code}' -X "$method" "$url" "$@") || fail "$method $url: curl failed"
  status=${out##*$'\n'}
  [ "$status" = "$want" ] || fail "$method $url: $status, expected $want: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
H='Content-Type: application/json'
until_true() { # seconds description command...
  local s=$1 what=$2; shift 2
  for _ in $(seq 1 $((s * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  fail "not within ${s} s: $what"
}
EMAIL=mi.fan@example.com PHONE=+8613800138000 PW='correct horse battery'

ACCOUNT=$(call POST $A/accounts 201 -H "$H" \
  -d "{\"email\":\"$EMAIL\",\"phone\":\"$PHONE\",\"password\":\"$PW\",\"displayName\":\"Mi Fan\"}" | json 'd["accountId"]')
say "registered $ACCOUNT"
until_true 20 "device-service learnt of $ACCOUNT" curl -sf $D/known-accounts/$ACCOUNT

signin() { call POST $A/sessions 200 -H "$H" -d "$1" | json 'd["accessToken"]'; }
TOKEN=$(signin "{\"identifier\":\"$EMAIL\",\"password\":\"$PW\"}")
PHONE_TOKEN=$(signin "{\"identifier\":\"$PHONE\",\"password\":\"$PW\",\"device\":{\"deviceId\":\"phone-1\",\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\"}}")
PHONE2_TOKEN=$(signin "{\"identifier\":\"$ACCOUNT\",\"password\":\"$PW\",\"device\":{\"deviceId\":\"phone-2\",\"model\":\"Redmi Note 14\",\"romRegion\":\"CHINA\"}}")
call GET $A/accounts/me 200 -H "Authorization: Bearer $TOKEN" >/dev/null
state() { call GET $D/devices/$1 200 -H "Authorization: Bearer $TOKEN" | json 'd["state"]'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
until_true 20 "phone-1 BOUND" is_state phone-1 BOUND
until_true 20 "phone-2 BOUND" is_state phone-2 BOUND
say "signed in on the website and on phone-1, phone-2 (both BOUND)"

STEP_UP=$(call POST $A/accounts/me/reauth 200 -H "Authorization: Bearer $PHONE_TOKEN" -H "$H" -d "{\"password\":\"$PW\"}" \
  | json 'd["stepUpToken"]')
SIGNOUT_FLOW=$(call POST $D/devices/phone-1/sign-out 202 -H "Authorization: Bearer $PHONE_TOKEN" -H "$H" \
  -d "{\"dataChoice\":\"KEEP\",\"stepUpToken\":\"$STEP_UP\"}" | json 'd["flowId"]')
until_true 20 "phone-1 SIGNED_OUT" is_state phone-1 SIGNED_OUT
until_true 20 "phone-1's token refused" test "$(curl -s -o /dev/null -w '%{http_code}' $A/accounts/me -H "Authorization: Bearer $PHONE_TOKEN")" = 401
say "signed out on phone-1 (flow $SIGNOUT_FLOW): SIGNED_OUT, its token refused"

DELETE_FLOW=$(call DELETE $D/devices/phone-2 202 -H "Authorization: Bearer $TOKEN" | json 'd["flowId"]')
until_true 20 "phone-2 DELETED" is_state phone-2 DELETED
until_true 20 "phone-2's token refused" test "$(curl -s -o /dev/null -w '%{http_code}' $A/accounts/me -H "Authorization: Bearer $PHONE2_TOKEN")" = 401
say "deleted phone-2 from the website (flow $DELETE_FLOW): DELETED, its token refused"

RESET=$(call POST $A/password-resets 202 -H "$H" -d "{\"identifier\":\"$EMAIL\"}" | json 'd["resetId"]')
code_from_inbox() {
  curl -sf "$N/sandbox/messages?to=%2B8613800138000" | python3 -c '
import json, re, sys
for m in json.load(sys.stdin):
    c = re.search(r"\b(\d{6})\b", m.get("body") or "")
    if c:
        print(c.group(1)); break
else:
    sys.exit(1)'
}
until_true 20 "the reset code in the sandbox inbox" code_from_inbox
CODE=$(code_from_inbox)
NEW_PW='a new horse battery staple'
call POST $A/password-resets/$RESET/confirm 204 -H "$H" -d "{\"code\":\"$CODE\",\"newPassword\":\"$NEW_PW\"}" >/dev/null
until_true 10 "the website token refused after the reset" \
  test "$(curl -s -o /dev/null -w '%{http_code}' $A/accounts/me -H "Authorization: Bearer $TOKEN")" = 401
signin "{\"identifier\":\"$EMAIL\",\"password\":\"$NEW_PW\"}" >/dev/null
say "forgot password: code $CODE from the sandbox inbox confirmed; old sessions refused, new password signs in"

sources() { curl -sf "$E/events?flowId=$1" | python3 -c '
import json, sys
ev = json.load(sys.stdin); src = sorted({e["source"] for e in ev})
print(len(ev), " ".join(src)); sys.exit(0 if len(ev) >= 3 and len(src) >= 2 else 1)'; }
until_true 20 "the sign-out flow in the dashboard from two services" sources "$SIGNOUT_FLOW"
until_true 20 "the deletion flow in the dashboard from two services" sources "$DELETE_FLOW"
say "dashboard: sign-out flow $(sources "$SIGNOUT_FLOW"); deletion flow $(sources "$DELETE_FLOW")"
mails=$(curl -sf "http://localhost:$MAILPIT_UI_PORT/api/v1/messages" | json 'd["total"]' || echo "?")
say "mailpit holds $mails message(s)"

# --- image sizes -----------------------------------------------------------------------------------------------
for s in "${modules[@]}"; do
  img=$(docker inspect -f '{{.Config.Image}}' "$(compose ps -q "$s")")
  size=$(docker image inspect -f '{{.Size}}' "$img")
  printf '[compose-test] image %-45s %5d MB\n' "$img" $((size / 1000000))
done
ok=true
echo "compose-test: 1 passed, 0 failed"
