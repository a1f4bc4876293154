#!/usr/bin/env bash
# Build a PostgreSQL Docker image offline, from Debian packages, for
# Testcontainers (@testcontainers/postgresql) and local use.
#
# There is no image registry reachable from these machines (`docker pull`
# fails), so the image is made with debootstrap from the machine's own Debian
# mirror and `docker import`. Its entrypoint behaves like the official
# `postgres` image: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (and
# POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS, /docker-entrypoint-initdb.d),
# initdb on first start with a temporary socket-only server, then the real
# server in the foreground as user postgres on 0.0.0.0:5432, so the line
# "database system is ready to accept connections" is logged twice. Extra
# arguments are passed to postgres (`docker run IMAGE -c fsync=off`).
#
# Idempotent: exits 0 at once when the image already exists.
# Needs root and a running engine (scripts/docker-engine.sh).
#
# Environment:
#   SUMMITRY_PG_IMAGE      image name (default summitry/postgres:15-offline)
#   SUMMITRY_PG_MAJOR      PostgreSQL major version (default 15, bookworm's)
#   SUMMITRY_DEBIAN_SUITE  Debian suite to bootstrap (default bookworm)
#   SUMMITRY_DEBIAN_MIRROR Debian mirror (default: from /etc/apt/sources*)
#   SUMMITRY_PG_FORCE=1    rebuild even if the image exists
set -euo pipefail

IMAGE="${SUMMITRY_PG_IMAGE:-summitry/postgres:15-offline}"
PG_MAJOR="${SUMMITRY_PG_MAJOR:-15}"
SUITE="${SUMMITRY_DEBIAN_SUITE:-bookworm}"

log() { echo "[pg-image] $*" >&2; }

image_exists() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

if [ "${SUMMITRY_PG_FORCE:-0}" != 1 ] && image_exists; then
  log "image $IMAGE already present"
  exit 0
fi

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine reachable: run scripts/docker-engine.sh first"
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (debootstrap)"
  exit 1
fi

# One build at a time; a second caller waits and then finds the image.
exec 9>/var/lock/summitry-pg-image.lock
flock -w 900 9 || { log "could not take the build lock"; exit 1; }
if [ "${SUMMITRY_PG_FORCE:-0}" != 1 ] && image_exists; then
  log "image $IMAGE was built while waiting for the lock"
  exit 0
fi

# --- mirror: the machine's own Debian archive ---------------------------------
find_mirror() {
  local f uri
  # deb822 sources: the URIs: of a stanza whose Suites: holds the suite (or any
  # Debian archive URL), skipping the security archive.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '
      /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u=""; s=0; next }
      /^URIs:/   { for (i = 2; i <= NF; i++) if ($i !~ /security/) { u=$i; break } }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i ~ /^(bookworm|trixie|bullseye|stable|testing|sid)$/) s=1 }
      END { if (u != "" && s) print u }' "$f" | head -n 1)"
    case "$uri" in */debian|*/debian/) echo "${uri%/}"; return 0 ;; esac
  done
  # one-line sources
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' \
    | grep -E '/debian/?$' | head -n 1 || true)"
  if [ -n "$uri" ]; then echo "${uri%/}"; return 0; fi
  echo "http://deb.debian.org/debian"
}
MIRROR="${SUMMITRY_DEBIAN_MIRROR:-$(find_mirror)}"

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap; } >"$apt_log" 2>&1; then
    log "apt-get failed:"; tail -n 20 "$apt_log" >&2; rm -f "$apt_log"; exit 1
  fi
  rm -f "$apt_log"
fi

# --- workspace and cleanup ----------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/summitry-pg-image.XXXXXX")"
ROOTFS="$WORK/rootfs"
BUILD_TAG="${IMAGE%:*}:build-$$"
VERIFY_NAME="summitry-pg-verify-$$"
cleanup() {
  local rc=$?
  docker rm -f "$VERIFY_NAME" >/dev/null 2>&1 || true
  docker rmi "$BUILD_TAG" >/dev/null 2>&1 || true
  # debootstrap mounts proc/sys inside the target; never delete through a mount.
  if [ -d "$ROOTFS" ]; then
    awk -v r="$ROOTFS" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts \
      | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  fi
  rm -rf --one-file-system "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- root filesystem ------------------------------------------------------------
log "debootstrap $SUITE (+postgresql-$PG_MAJOR) from $MIRROR"
t0=$SECONDS
if ! debootstrap --variant=minbase --include="postgresql-$PG_MAJOR" \
      "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  log "debootstrap failed; last lines:"
  tail -n 30 "$WORK/debootstrap.log" >&2
  [ -f "$ROOTFS/debootstrap/debootstrap.log" ] && tail -n 30 "$ROOTFS/debootstrap/debootstrap.log" >&2
  exit 1
fi
T_DEBOOTSTRAP=$((SECONDS - t0))
log "debootstrap done in ${T_DEBOOTSTRAP} s"

PGBIN="/usr/lib/postgresql/$PG_MAJOR/bin"
[ -x "$ROOTFS$PGBIN/postgres" ] || { log "no $PGBIN/postgres in the root filesystem"; exit 1; }

# Debian's packaged cluster (15/main) is not used: the entrypoint makes its own in $PGDATA.
rm -rf "$ROOTFS/etc/postgresql/$PG_MAJOR" "$ROOTFS/var/lib/postgresql/$PG_MAJOR"
# Server and client binaries on PATH (pg_isready for Testcontainers' health check,
# psql for its snapshot()), ahead of Debian's pg_wrapper in /usr/bin.
for b in "$ROOTFS$PGBIN"/*; do ln -sfn "$PGBIN/$(basename "$b")" "$ROOTFS/usr/local/bin/$(basename "$b")"; done

# Slim down: package caches, lists, docs, man pages, translations, logs.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/cache/apt/*.bin \
       "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* "$ROOTFS"/usr/share/lintian \
       "$ROOTFS/usr/share/postgresql/$PG_MAJOR/man" "$ROOTFS"/var/cache/debconf/*-old \
       "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* "$ROOTFS"/debootstrap \
       "$ROOTFS"/usr/share/i18n
# The LLVM JIT provider (~130 MB with libLLVM and libz3) is only ever loaded as
# llvmjit.so; without it PostgreSQL runs with JIT unavailable (as built without).
rm -rf "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit.so" \
       "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit_types.bc" \
       "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/lib/bitcode" \
       "$ROOTFS"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$ROOTFS"/usr/lib/x86_64-linux-gnu/libz3.so*
mkdir -p "$ROOTFS/docker-entrypoint-initdb.d" "$ROOTFS/var/lib/postgresql/data"
chroot "$ROOTFS" chown postgres:postgres /var/lib/postgresql/data
chmod 0700 "$ROOTFS/var/lib/postgresql/data"

cat >"$ROOTFS/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/bash
# Entrypoint compatible with the official postgres image (the subset tests use).
set -Eeo pipefail

# `docker run IMAGE -c key=value`: flags go to postgres.
if [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi

if [ "$1" != postgres ]; then
  exec "$@"
fi

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# As root: fix ownership, then re-run this script as postgres.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 00700 "$PGDATA"
  chown postgres:postgres /var/run/postgresql
  chmod 03775 /var/run/postgresql
  export HOME=/var/lib/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$(readlink -f "${BASH_SOURCE[0]}")" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    cat >&2 <<-'EOM'
	Error: Database is uninitialized and superuser password is not specified.
	       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow
	       connections without a password).
	EOM
    exit 1
  fi

  pwargs=()
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    pwargs=(--pwfile="$pwfile")
  fi
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" "${pwargs[@]}" --encoding=UTF8 --locale=C.UTF-8 \
    ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  [ -n "${pwfile:-}" ] && rm -f "$pwfile"

  # Listen on every address; password auth from any host (local socket and
  # loopback stay trust, as in the official image).
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$POSTGRES_HOST_AUTH_METHOD" = md5 ]; then
    echo "password_encryption = md5" >>"$PGDATA/postgresql.conf"
  fi
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

  # Temporary server on the socket only, so nobody connects before init is done.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start

  psql_init=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql_init[@]}" --dbname postgres --set db="$POSTGRES_DB" <<-'EOSQL'
	CREATE DATABASE :"db";
	EOSQL
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)     if [ -x "$f" ]; then echo "running $f"; "$f"; else echo "sourcing $f"; . "$f"; fi ;;
      *.sql)    echo "running $f"; "${psql_init[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB" ;;
      *)        [ -e "$f" ] && echo "ignoring $f" ;;
    esac
  done

  pg_ctl -D "$PGDATA" -m fast -w stop
  echo
  echo "PostgreSQL init process complete; ready for start up."
  echo
else
  echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi

exec "$@"
ENTRYPOINT
chmod 0755 "$ROOTFS/usr/local/bin/docker-entrypoint.sh"

# --- import -----------------------------------------------------------------------
log "docker import -> $BUILD_TAG"
t0=$SECONDS
tar -C "$ROOTFS" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
  | docker import \
      -c "ENV PATH=$PGBIN:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      -c 'ENV PGDATA=/var/lib/postgresql/data' \
      -c 'ENV LANG=C.UTF-8' \
      -c "ENV PG_MAJOR=$PG_MAJOR" \
      -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
      -c 'CMD ["postgres"]' \
      -c 'EXPOSE 5432' \
      -m "PostgreSQL $PG_MAJOR from Debian $SUITE (debootstrap, offline)" \
      - "$BUILD_TAG" >/dev/null
# `docker import` (engine 20.10) rejects STOPSIGNAL; add it with a one-line
# build on top (no context, no pull). SIGINT = fast shutdown, as in the
# official image, so `docker stop` does not wait for open connections.
if printf 'FROM %s\nSTOPSIGNAL SIGINT\n' "$BUILD_TAG" \
     | DOCKER_BUILDKIT=0 docker build -q -t "$BUILD_TAG" - >"$WORK/stopsignal.log" 2>&1; then
  :   # the imported image stays as the (untagged) parent layer: no extra space
else
  log "warning: could not set STOPSIGNAL SIGINT (docker stop will use SIGTERM):"
  tail -n 5 "$WORK/stopsignal.log" >&2
fi
T_IMPORT=$((SECONDS - t0))
log "imported in ${T_IMPORT} s ($(docker image inspect -f '{{.Size}}' "$BUILD_TAG" | awk '{printf "%.0f MB", $1/1e6}'))"

# --- verify: start it, wait, connect with a password from outside ---------------
log "verifying"
t0=$SECONDS
docker run -d --name "$VERIFY_NAME" -p 127.0.0.1::5432 \
  -e POSTGRES_USER=test -e POSTGRES_PASSWORD=test -e POSTGRES_DB=test \
  "$BUILD_TAG" -c fsync=off >/dev/null
ready=""
for _ in $(seq 1 120); do
  if docker exec "$VERIFY_NAME" pg_isready --host localhost --username test --dbname test >/dev/null 2>&1; then
    ready=1; break
  fi
  if [ "$(docker inspect -f '{{.State.Running}}' "$VERIFY_NAME" 2>/dev/null)" != true ]; then break; fi
  sleep 0.25
done
fail() { log "verification failed: $*"; docker logs "$VERIFY_NAME" 2>&1 | tail -n 30 >&2; exit 1; }
[ -n "$ready" ] || fail "server did not become ready"
T_START=$((SECONDS - t0))

n_ready="$(docker logs "$VERIFY_NAME" 2>&1 | grep -c 'database system is ready to accept connections' || true)"
[ "$n_ready" -ge 2 ] || fail "expected the ready line twice in the log, saw $n_ready"
[ "$(docker exec "$VERIFY_NAME" psql -U test -d test -tAc 'show fsync')" = off ] \
  || fail "command arguments (-c fsync=off) did not reach postgres"
[ "$(docker exec "$VERIFY_NAME" sh -c 'ps -o user= -p 1 2>/dev/null || stat -c %U /proc/1')" = postgres ] \
  || fail "postgres is not running as user postgres"

# Password authentication over TCP from outside the container.
host_port="$(docker port "$VERIFY_NAME" 5432/tcp | head -n 1 | sed 's/.*://')"
if command -v psql >/dev/null 2>&1; then
  sql() { PGPASSFILE=/dev/null PGPASSWORD="$1" psql "host=127.0.0.1 port=$host_port user=test dbname=test sslmode=disable connect_timeout=5" -X -tAc "$2"; }
  where="host 127.0.0.1:$host_port"
else
  # No client on the host: connect to the container's own address from inside,
  # which is not loopback and so goes through the same password rule.
  ip="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$VERIFY_NAME")"
  sql() { docker exec -e PGPASSFILE=/dev/null -e PGPASSWORD="$1" "$VERIFY_NAME" psql "host=$ip user=test dbname=test sslmode=disable connect_timeout=5" -X -tAc "$2"; }
  where="container address $ip"
fi
[ "$(sql test 'select 40 + 2')" = 42 ] || fail "password login over TCP ($where) failed"
if sql wrong-password 'select 1' >/dev/null 2>&1; then fail "a wrong password was accepted ($where)"; fi
version="$(sql test 'show server_version')"
docker rm -f "$VERIFY_NAME" >/dev/null

old_id="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
docker tag "$BUILD_TAG" "$IMAGE"
if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$old_id" >/dev/null 2>&1 || log "note: previous image $old_id kept (in use)"
fi
log "verified (ready in ${T_START} s, PostgreSQL $version, password auth via $where)"
log "built $IMAGE: debootstrap ${T_DEBOOTSTRAP} s, import ${T_IMPORT} s, container ready ${T_START} s"
