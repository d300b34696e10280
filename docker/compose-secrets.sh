#!/bin/bash
# What docker-compose.yml needs and the repository never holds: the secrets and the token key pair.
#
#   docker/compose-secrets.sh [DIR]        DIR defaults to .local-run/compose (git ignores .local-run)
#
# Writes DIR/compose.env (mode 0600; pass it as `docker compose --env-file DIR/compose.env ...`) with a fresh random
# value for every secret it does not hold yet, and the key pair DIR/keys/token-signing-key.pem (mode 0400, yours
# alone: account-service's entrypoint copies it for its own user) and token-verification-key.pem (the public key,
# 0644). Values already there are kept, so running it again changes nothing; delete a line to get a new value.
# A file named .env would also work for compose, but Quarkus reads a .env in its working directory too, and the
# local run starts from the repository's top: the compose secrets would leak into it.
set -euo pipefail
umask 077
dir=${1:-.local-run/compose}
mkdir -p "$dir/keys"
env_file="$dir/compose.env"
touch "$env_file"
chmod 600 "$env_file"

random() { openssl rand -base64 33 | tr '+/' '-_'; }   # 264 bits, URL- and shell-safe
for variable in POSTGRES_PASSWORD ACCOUNT_DB_PASSWORD DEVICE_DB_PASSWORD NOTIFICATION_DB_PASSWORD \
    MIACCOUNT_INTERNAL_TOKEN MIACCOUNT_CODE_HMAC_KEY MIACCOUNT_SMS_API_KEY MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD; do
  grep -q "^$variable=" "$env_file" || echo "$variable=$(random)" >> "$env_file"
done
# notification-service seals waiting messages with AES-256-GCM: exactly 32 bytes, standard base64
grep -q '^MIACCOUNT_DELIVERY_ENCRYPTION_KEY=' "$env_file" \
  || echo "MIACCOUNT_DELIVERY_ENCRYPTION_KEY=$(openssl rand -base64 32)" >> "$env_file"
grep -q '^MIACCOUNT_KEYS_DIR=' "$env_file" || echo "MIACCOUNT_KEYS_DIR=$(cd "$dir/keys" && pwd)" >> "$env_file"

signing="$dir/keys/token-signing-key.pem"
if [ ! -f "$signing" ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$signing" 2>/dev/null
fi
chmod 400 "$signing"
openssl pkey -in "$signing" -pubout -out "$dir/keys/token-verification-key.pem"
chmod 644 "$dir/keys/token-verification-key.pem"
echo "compose secrets in $env_file, token keys in $dir/keys"
echo "operator password (dashboard user 'operator'): grep ^MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD= $env_file"
