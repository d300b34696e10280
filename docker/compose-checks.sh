#!/bin/bash
# The checks of the compose deployment test, run against a compose project that is already up and healthy: the
# README walkthrough and the operator-surface checks with curl, then the image sizes. Started by the JUnit test
# compose-tests/.../ComposeDeploymentIT (which builds, starts, waits for health and stops the project through
# Testcontainers' compose support); not meant to be run by hand, but it can be, against any running project:
#
#   COMPOSE_PROJECT=... COMPOSE_ENV_FILE=.../compose.env ACCOUNT_SERVICE_PORT=... [the other *_PORT] \
#     docker/compose-checks.sh
#
# Each part of the walkthrough is a step of its own: a failed step is reported and the next one still runs (what
# a step learns for later ones goes through a state file). Exit 0 only when every step passed.
# COMPOSE="docker compose" or COMPOSE=docker-compose picks the client; by default v2 when present, else 1.29.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
say() { echo "[compose-checks] $*"; }
fail() { echo "[compose-checks] FAILED: $*" >&2; exit 1; }
: "${COMPOSE_PROJECT:?the compose project to check}" "${COMPOSE_ENV_FILE:?its env file (docker/compose-secrets.sh)}"
if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE=docker-compose; fi
fi
modules=(account-service device-service notification-service event-dashboard web-console)
env_file=$COMPOSE_ENV_FILE
set -a; . "$env_file"; set +a
work=$(mktemp -d /tmp/miaccount-compose-checks.XXXXXX)
trap 'rm -rf "$work"' EXIT
state=$work/state
: > "$state"
: "${DASHBOARD_PORT:=8080}" "${ACCOUNT_SERVICE_PORT:=8081}" "${DEVICE_SERVICE_PORT:=8082}" \
  "${NOTIFICATION_SERVICE_PORT:=8083}" "${WEB_CONSOLE_PORT:=8084}" "${MAILPIT_UI_PORT:=8025}" "${SMS_SINK_PORT:=8026}" \
  "${KAFKA_UI_PORT:=8090}"
A=http://localhost:$ACCOUNT_SERVICE_PORT/api/v1 D=http://localhost:$DEVICE_SERVICE_PORT/api/v1
N=http://localhost:$NOTIFICATION_SERVICE_PORT/api/v1 E=http://localhost:$DASHBOARD_PORT
SMS=http://127.0.0.1:$SMS_SINK_PORT UI=http://127.0.0.1:$KAFKA_UI_PORT
compose() { $COMPOSE -p "$COMPOSE_PROJECT" --env-file "$env_file" "$@"; }

# --- helpers ---------------------------------------------------------------------------------------------------
# json EXPRESSION: evaluates it on the JSON read from stdin as d; empty input (a call that failed and said so) is a
# quiet failure, anything else that is no JSON is named
json() {
  python3 -c '
import json, sys
text = sys.stdin.read()
if not text.strip():
    sys.exit(1)
try:
    d = json.loads(text)
except ValueError:
    sys.exit("not JSON: " + text[:200])
print(eval(sys.argv[1], {"d": d}))' "$1"
}
# call METHOD URL EXPECTED_STATUS [curl args...]: prints the body, fails on another status
call() {
  local method=$1 url=$2 want=$3; shift 3
  local out status
  out=$(curl -s -S -m 20 -w '\n%{http_code}' -X "$method" "$url" "$@") || fail "$method $url: curl failed"
  status=${out##*$'\n'}
  [ "$status" = "$want" ] || fail "$method $url: $status, expected $want: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
status_of() { curl -s -o /dev/null -m 20 -w '%{http_code}' "$@"; }
H='Content-Type: application/json'
until_true() { # seconds description command...
  local s=$1 what=$2; shift 2
  for _ in $(seq 1 $((s * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  fail "not within ${s} s: $what"
}
keep() { printf '%s=%q\n' "$1" "$2" >> "$state"; }  # hands a value on to the later steps
container() { compose ps -q "$1"; }

passed=() failed=()
# step NAME FUNCTION: one part of the walkthrough, in a subshell with errexit on, so that a failure ends this part
# only; what the part keeps (keep) is sourced by the next ones.
step() {
  local name=$1; shift
  set +e
  ( set -e; . "$state"; "$@" )
  local rc=$?
  set -e
  if [ $rc -eq 0 ]; then passed+=("$name"); say "PASS $name"; else failed+=("$name"); say "FAIL $name"; fi
}

EMAIL=mi.fan@example.com PHONE=+8613800138000 PHONE_Q=%2B8613800138000 NAME='Mi Fan' PW='correct horse battery'
signin() { call POST $A/sessions 200 -H "$H" -d "$1" | json 'd["accessToken"]'; }
device_signin() { # deviceId model romRegion
  signin "{\"identifier\":\"$PHONE\",\"password\":\"$PW\",\"device\":{\"deviceId\":\"$1\",\"model\":\"$2\",\"romRegion\":\"$3\"}}"
}
# a fresh step-up token of the session TOKEN: the password asked again before one sensitive call (single use)
step_up() { call POST $A/accounts/me/reauth 200 -H "Authorization: Bearer $1" -H "$H" -d "{\"password\":\"$PW\"}" | json 'd["stepUpToken"]'; }
state_of() { call GET $D/devices/$1 200 -H "Authorization: Bearer $TOKEN" | json 'd["state"]'; }
is_state() { [ "$(state_of "$1")" = "$2" ]; }
refused() { [ "$(status_of $A/accounts/me -H "Authorization: Bearer $1")" = 401 ]; }
# problem STATUS SLUG METHOD URL [curl args...]: the call answers that RFC 9457 problem
problem() {
  local want=$1 slug=$2 method=$3 url=$4; shift 4
  local body type
  body=$(call "$method" "$url" "$want" "$@")
  type=$(json 'd["type"]' <<<"$body")
  [ "${type##*/}" = "$slug" ] || fail "$method $url: problem type $type, expected .../$slug"
}

# --- the steps -------------------------------------------------------------------------------------------------
compose_file() {
  ! grep -qE '^version:' docker-compose.yml || fail "docker-compose.yml still has a version key"
  # the operator views, and Kafka's and PostgreSQL's ports for tools, on 127.0.0.1 only
  for s in event-dashboard kafka-ui mailpit sms-sink kafka postgres; do
    local ips; ips=$(docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostIp}} {{end}}{{end}}' "$(container $s)")
    [ -n "$ips" ] || fail "$s is not published"
    for ip in $ips; do [ "$ip" = 127.0.0.1 ] || fail "$s is published on $ip, not 127.0.0.1 only"; done
  done
  # no secret has a default in the file: without the env file compose refuses to start
  local out; out=$(env -i PATH="$PATH" HOME="$HOME" $COMPOSE -p miaccount-compose-test-noenv config 2>&1) \
    && fail "compose config worked without the secrets"
  grep -q 'MIACCOUNT\|PASSWORD\|compose-secrets' <<<"$out" || fail "no helpful message without the secrets: $out"
}

signing_key() {
  [ "$(stat -c %a "$MIACCOUNT_KEYS_DIR/token-signing-key.pem")" = 400 ] || fail "the signing key is not mode 0400 on the host"
  local id; id=$(container account-service)
  # Java runs as uid 1001 with no capabilities; its copy of the key is 0400 and its own
  docker exec "$id" sh -c 'for p in /proc/[0-9]*; do if [ "$(cat $p/comm 2>/dev/null)" = java ]; then grep -E "^(Uid|CapEff)" $p/status; fi; done' \
    > "$work/java-status" || fail "cannot read account-service's processes"
  grep -qE '^Uid:\s+1001\s+1001\s+1001\s+1001' "$work/java-status" || fail "account-service's java is not uid 1001: $(cat "$work/java-status")"
  grep -qE '^CapEff:\s+0+$' "$work/java-status" || fail "account-service's java has capabilities: $(cat "$work/java-status")"
  [ "$(docker exec "$id" stat -c '%a %u' /run/app-secrets/token-signing-key.pem)" = "400 1001" ] || fail "the copied key is not 0400 and uid 1001's"
  for s in device-service notification-service event-dashboard; do
    docker exec "$(container $s)" sh -c '[ "$(id -u)" = 1001 ]' || fail "$s does not run as uid 1001"
  done
}

database_users() {
  local pg; pg=$(container postgres)
  for s in account device notification; do
    local var="${s^^}_DB_PASSWORD"
    docker exec -e PGPASSWORD="${!var}" "$pg" psql -h 127.0.0.1 -U "${s}_service" -d "$s" -Atc 'select 1' >/dev/null \
      || fail "${s}_service cannot open its own database"
    [ "$(docker exec -e PGPASSWORD="${!var}" "$pg" psql -h 127.0.0.1 -U "${s}_service" -d "$s" -Atc \
      'select rolsuper or rolcreatedb or rolcreaterole from pg_roles where rolname = current_user')" = f ] \
      || fail "${s}_service has privileges it does not need"
    for other in account device notification postgres; do
      [ "$other" = "$s" ] && continue
      if docker exec -e PGPASSWORD="${!var}" "$pg" psql -h 127.0.0.1 -U "${s}_service" -d "$other" -Atc 'select 1' >/dev/null 2>&1; then
        fail "${s}_service can open the $other database"
      fi
    done
  done
  # the services really connect as their own users (no shared superuser), and they are healthy, so it works
  for s in account device notification; do
    docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$(container $s-service)" \
      | grep -qx "QUARKUS_DATASOURCE_USERNAME=${s}_service" || fail "$s-service does not connect as ${s}_service"
  done
}

register_and_sign_in() {
  local account
  account=$(call POST $A/accounts 201 -H "$H" \
    -d "{\"email\":\"$EMAIL\",\"phone\":\"$PHONE\",\"password\":\"$PW\",\"displayName\":\"$NAME\"}" | json 'd["accountId"]')
  keep ACCOUNT "$account"
  TOKEN=$(signin "{\"identifier\":\"$EMAIL\",\"password\":\"$PW\"}")
  keep TOKEN "$TOKEN"
  local phone_token
  phone_token=$(device_signin phone-1 'Xiaomi 15' GLOBAL); keep PHONE1_TOKEN "$phone_token"
  phone_token=$(device_signin phone-2 'Redmi Note 14' CHINA); keep PHONE2_TOKEN "$phone_token"
  phone_token=$(device_signin phone-3 'Xiaomi 15 Pro' GLOBAL); keep PHONE3_TOKEN "$phone_token"
  call GET $A/accounts/me 200 -H "Authorization: Bearer $TOKEN" >/dev/null
  for p in phone-1 phone-2 phone-3; do until_true 20 "$p BOUND" is_state $p BOUND; done
  say "registered $account; signed in on the website and on phone-1, phone-2, phone-3 (all BOUND)"
}

sign_out_on_phone() {
  # Find device is on: the password again, from the phone's own session, in the body as before
  local flow step_up_token
  step_up_token=$(step_up "$PHONE1_TOKEN")
  flow=$(call POST $D/devices/phone-1/sign-out 202 -H "Authorization: Bearer $PHONE1_TOKEN" -H "$H" \
    -d "{\"dataChoice\":\"KEEP\",\"stepUpToken\":\"$step_up_token\"}" | json 'd["flowId"]')
  keep SIGNOUT_FLOW "$flow"
  until_true 20 "phone-1 SIGNED_OUT" is_state phone-1 SIGNED_OUT
  until_true 20 "phone-1's token refused" refused "$PHONE1_TOKEN"
  say "signed out on phone-1 (flow $flow): SIGNED_OUT, its token refused"
}

delete_with_step_up() {
  # phone-2 is bound with Find device on: deleting it lifts the lock, so it needs the password again (v1.1)
  problem 403 password-required DELETE $D/devices/phone-2 -H "Authorization: Bearer $TOKEN"
  local flow step_up_token
  step_up_token=$(step_up "$TOKEN")
  flow=$(call DELETE $D/devices/phone-2 202 -H "Authorization: Bearer $TOKEN" -H "X-Step-Up-Token: $step_up_token" \
    | json 'd["flowId"]')
  keep DELETE_FLOW "$flow"
  until_true 20 "phone-2 DELETED" is_state phone-2 DELETED
  until_true 20 "phone-2's token refused" refused "$PHONE2_TOKEN"
  say "deleted phone-2 from the website with a step-up token (flow $flow): DELETED, its token refused"
}

lock_activation_bootloader() {
  call POST $D/devices/phone-3/factory-reset 202 -H "Authorization: Bearer $PHONE3_TOKEN" >/dev/null
  until_true 20 "phone-3 LOCKED" is_state phone-3 LOCKED
  [ "$(call GET $D/devices/phone-3/activation-lock 200 | json 'd["locked"]')" = True ] || fail "phone-3 does not read locked"
  problem 403 password-required POST $D/devices/phone-3/activation -H "Authorization: Bearer $TOKEN"
  local step_up_token activated
  step_up_token=$(step_up "$TOKEN")
  activated=$(call POST $D/devices/phone-3/activation 200 -H "Authorization: Bearer $TOKEN" -H "X-Step-Up-Token: $step_up_token" \
    | json 'd["state"]')
  [ "$activated" = BOUND ] || fail "phone-3 is $activated after activation, not BOUND"
  problem 403 password-required POST $D/devices/phone-3/bootloader-unlock -H "Authorization: Bearer $TOKEN"
  local once; once=$(step_up "$TOKEN")
  # step-up is checked before the waiting period; a second use of the same token is refused like a missing one
  problem 409 wait-period POST $D/devices/phone-3/bootloader-unlock -H "Authorization: Bearer $TOKEN" -H "X-Step-Up-Token: $once"
  problem 403 password-required POST $D/devices/phone-3/bootloader-unlock -H "Authorization: Bearer $TOKEN" -H "X-Step-Up-Token: $once"
  say "phone-3: factory reset -> LOCKED; activation and bootloader unlock only with a fresh step-up token; a used one refused"
}

internal_api_needs_credential() {
  # The code check is on notification-service's internal port (9083), which compose does not publish: from the host
  # only the public port is reachable, and there /internal/* does not exist. The password reset above proves that
  # account-service reaches it with the service credential; the JVM tests check the credential itself.
  local url=http://localhost:$NOTIFICATION_SERVICE_PORT/internal/v1/verification-codes/00000000-0000-0000-0000-000000000000/check
  local body='{"accountId":"1234567890","code":"123456"}'
  local public with
  public=$(status_of -X POST "$url" -H "$H" -d "$body")
  with=$(status_of -X POST "$url" -H "$H" -H "Authorization: Bearer $MIACCOUNT_INTERNAL_TOKEN" -d "$body")
  [ "$public" = 404 ] || fail "/internal/* on the published port answered $public"
  [ "$with" = 404 ] || fail "/internal/* on the published port answered $with to the service credential"
  say "/internal/*: 404 on the published port, even with the credential (it listens on 9083, unpublished)"
}

sandbox_is_off() {
  [ "$(status_of "$N/sandbox/messages?to=$PHONE_Q")" = 404 ] || fail "the sandbox inbox answers"
  [ "$(status_of "$N/sandbox/messages")" = 404 ] || fail "the sandbox inbox answers without to"
  say "sandbox inbox: 404"
}

reset_code_from_sms_sink() {
  [ "$(status_of "$SMS/v1/messages?to=$PHONE_Q")" = 401 ] || fail "the SMS sink answers without its key"
  [ "$(status_of "$SMS/v1/messages?to=$PHONE_Q" -H 'Authorization: Bearer wrong')" = 401 ] || fail "the SMS sink takes a wrong key"
  local reset code
  reset=$(call POST $A/password-resets 202 -H "$H" -d "{\"identifier\":\"$EMAIL\"}" | json 'd["resetId"]')
  code_from_sink() {
    curl -sf "$SMS/v1/messages?to=$PHONE_Q" -H "Authorization: Bearer $MIACCOUNT_SMS_API_KEY" | python3 -c '
import json, re, sys
for m in json.load(sys.stdin):
    c = re.search(r"\b(\d{6})\b", m.get("text") or "")
    if c:
        print(c.group(1)); break
else:
    sys.exit(1)'
  }
  until_true 20 "the reset code in the SMS sink" code_from_sink
  code=$(code_from_sink)
  local new_pw='a new horse battery staple'
  call POST $A/password-resets/$reset/confirm 204 -H "$H" -d "{\"code\":\"$code\",\"newPassword\":\"$new_pw\"}" >/dev/null
  until_true 10 "the website token refused after the reset" refused "$TOKEN"
  signin "{\"identifier\":\"$EMAIL\",\"password\":\"$new_pw\"}" >/dev/null
  say "forgot password: the code from the SMS sink (provider's key) confirmed; old sessions refused, new password signs in"
}

kafka_ui_read_only() {
  [ "$(call GET $UI/api/clusters 200 | json 'd[0]["readOnly"]')" = True ] || fail "kafka-ui's cluster is not read-only"
  local out; out=$(curl -s -m 20 -w '\n%{http_code}' -X POST "$UI/api/clusters/mi-account/topics/account-events/messages" \
    -H "$H" -d '{"partition":0,"key":"1234567890","content":"{\"forged\":true}","keySerde":"String","valueSerde":"String"}')
  [ "${out##*$'\n'}" = 405 ] || fail "kafka-ui took a write: ${out##*$'\n'} ${out%$'\n'*}"
  say "kafka-ui: read-only, a produced message refused with 405"
}

dashboard_for_operators() {
  local basic="operator:$MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD"
  local headers; headers=$(curl -s -D - -o /dev/null "$E/api/v1/events")
  grep -q '^HTTP/[0-9.]* 401' <<<"$headers" || fail "the dashboard answers without the operator password"
  grep -qi '^WWW-Authenticate: Basic' <<<"$headers" || fail "no WWW-Authenticate: Basic on the dashboard's 401"
  [ "$(status_of "$E/")" = 401 ] || fail "the dashboard page is open"
  [ "$(status_of -u "operator:wrong-password-123" "$E/api/v1/events")" = 401 ] || fail "a wrong operator password is taken"
  [ "$(status_of "$E/q/health/ready")" = 200 ] || fail "/q/health/ready needs the password"
  [ "$(status_of -u "$basic" "$E/q/swagger-ui/")" = 404 ] || fail "Swagger UI is on in production"
  headers=$(curl -s -D - -o /dev/null -u "$basic" "$E/")
  grep -q '^HTTP/[0-9.]* 200' <<<"$headers" || fail "the operator cannot open the dashboard"
  grep -qi "^Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" <<<"$headers" || fail "no CSP on the page"
  grep -qi '^X-Content-Type-Options: nosniff' <<<"$headers" || fail "no nosniff on the page"
  grep -qi '^Referrer-Policy: no-referrer' <<<"$headers" || fail "no Referrer-Policy on the page"
  # every event of the account is there, and nothing in the window shows the email, the phone or the name
  registered() { curl -sf -u "$basic" "$E/api/v1/events?subject=$ACCOUNT&type=account.registered.v2" | json 'd[0]["data"]["personal"][:8]'; }
  until_true 20 "account.registered.v2 in the dashboard" registered
  [ "$(registered)" = "A256GCM." ] || fail "the registration's contact is not sealed: $(registered)"
  local all; all=$(curl -sf -u "$basic" "$E/api/v1/events?limit=1000")
  for raw in "$EMAIL" "$PHONE" "${PHONE#+}" "$NAME"; do
    ! grep -qF "$raw" <<<"$all" || fail "the dashboard shows '$raw' unmasked"
  done
  sources() { curl -sf -u "$basic" "$E/api/v1/events?flowId=$1" | python3 -c '
import json, sys
ev = json.load(sys.stdin); src = sorted({e["source"] for e in ev})
print(len(ev), " ".join(src)); sys.exit(0 if len(ev) >= 3 and len(src) >= 2 else 1)'; }
  until_true 20 "the sign-out flow in the dashboard from two services" sources "$SIGNOUT_FLOW"
  say "dashboard: operator password required, security headers, masked data; sign-out flow: $(sources "$SIGNOUT_FLOW")"
  if [ -n "${DELETE_FLOW:-}" ]; then
    until_true 20 "the deletion flow in the dashboard from two services" sources "$DELETE_FLOW"
    say "dashboard: deletion flow: $(sources "$DELETE_FLOW")"
  fi
}

dashboard_refuses_to_start_open() {
  # the production profile without a password: no dashboard at all, and a message that says what to set
  local image; image=$(docker inspect -f '{{.Config.Image}}' "$(container event-dashboard)")
  local out rc=0
  out=$(timeout 120 docker run --rm --network none -e QUARKUS_PROFILE=production -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 \
    "$image" 2>&1) || rc=$?
  [ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "the dashboard started without an operator password (exit $rc)"
  grep -q MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD <<<"$out" || fail "the refusal does not name the setting: $(tail -5 <<<"$out")"
  say "dashboard without a password in production: refused to start (exit $rc), naming MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD"
}

web_console() {
  # the console's pages, and the API addresses it gives the browser: the published ones
  local page; page=$(call GET "http://localhost:$WEB_CONSOLE_PORT/" 200)
  grep -qi '<html' <<<"$page" || fail "the console's page is no HTML page"
  local config; config=$(call GET "http://localhost:$WEB_CONSOLE_PORT/config.js" 200)
  grep -qF "localhost:$ACCOUNT_SERVICE_PORT" <<<"$config" || fail "the console does not point the browser at account-service: $config"
  # the services let the console's origin in (CORS preflight)
  local allow; allow=$(curl -s -D - -o /dev/null -X OPTIONS "$A/sessions" -H "Origin: http://localhost:$WEB_CONSOLE_PORT" \
    -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type' | tr -d '\r' \
    | sed -n 's/^[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin: //p')
  [ "$allow" = "http://localhost:$WEB_CONSOLE_PORT" ] || fail "account-service does not allow the console's origin (got '$allow')"
  say "web console: its page, /config.js with the published API addresses, CORS allowed for its origin"
}

mailpit_holds_mail() {
  local mails; mails=$(call GET "http://127.0.0.1:$MAILPIT_UI_PORT/api/v1/messages" 200 | json 'd["total"]')
  [ "$mails" -ge 1 ] || fail "Mailpit holds no message"
  say "Mailpit holds $mails message(s) (the welcome and the security alerts)"
}

step "compose file: no version key, operator views, Kafka and PostgreSQL on 127.0.0.1, no default secrets" compose_file
step "signing key 0400, read by uid 1001 without capabilities" signing_key
step "one PostgreSQL user per service, owning only its database" database_users
step "register, sign in on the website and three phones" register_and_sign_in
grep -q '^TOKEN=' "$state" || fail "nothing more can run without an account"
step "sign-out on a phone with the password again" sign_out_on_phone
step "delete a phone with Find device on: X-Step-Up-Token" delete_with_step_up
step "factory reset, activation and bootloader unlock: fresh step-up each, single use" lock_activation_bootloader
step "/internal/* is not on the published port" internal_api_needs_credential
step "sandbox inbox off (404)" sandbox_is_off
step "forgot password: the code from the SMS sink" reset_code_from_sms_sink
step "kafka-ui refuses writes" kafka_ui_read_only
step "dashboard: operator password, security headers, masked data, flows" dashboard_for_operators
step "dashboard refuses to start in production without a password" dashboard_refuses_to_start_open
step "Mailpit receives the email" mailpit_holds_mail
step "web console: page, API addresses, CORS" web_console

# --- image sizes -----------------------------------------------------------------------------------------------
for s in "${modules[@]}" sms-sink; do
  img=$(docker inspect -f '{{.Config.Image}}' "$(container "$s")")
  size=$(docker image inspect -f '{{.Size}}' "$img")
  printf '[compose-checks] image %-45s %5d MB\n' "$img" $((size / 1000000))
done
if [ ${#failed[@]} -eq 0 ]; then
  echo "compose-test: ${#passed[@]} passed, 0 failed"
else
  echo "compose-test: ${#passed[@]} passed, ${#failed[@]} failed:"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
