#!/usr/bin/env bash
# Make sure a Docker engine is running and reachable on this machine.
#
# Idempotent: exits 0 at once when `docker info` already works. Otherwise it
# installs Debian's docker.io (if dockerd is missing), starts dockerd in the
# background and waits for it. Meant for root on a Debian bookworm machine
# (developer machines and CI); there is no image registry here, so nothing is
# pulled - see scripts/build-postgres-image.sh for the PostgreSQL image.
#
# Environment:
#   DOCKERD_LOG           dockerd log file (default /var/log/dockerd.log)
#   DOCKERD_WAIT_SECONDS  how long to wait for the engine (default 60)
#   DOCKERD_EXTRA_ARGS    extra arguments for dockerd (word-split)
set -euo pipefail

log() { echo "[docker-engine] $*" >&2; }

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"

engine_up() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if engine_up; then
  log "engine already running ($(docker info --format '{{.ServerVersion}}' 2>/dev/null || echo '?'))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "no reachable engine and not root: cannot install or start dockerd"
  exit 1
fi

# Serialise concurrent callers (e.g. two test runs starting at once), so only
# one of them installs and starts dockerd.
exec 9>/var/lock/summitry-docker-engine.lock
flock -w $((WAIT_SECONDS + 120)) 9 || { log "could not take the lock"; exit 1; }

if engine_up; then
  log "engine came up while waiting for the lock"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  log "installing docker.io from Debian"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io; } >"$apt_log" 2>&1; then
    log "apt-get failed:"; tail -n 20 "$apt_log" >&2; rm -f "$apt_log"; exit 1
  fi
  rm -f "$apt_log"
  log "installed in $((SECONDS - t0)) s"
fi

# Only start a daemon if none is running yet (one may still be starting up).
daemon_pid=""
if [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
  daemon_pid="$(cat /var/run/docker.pid)"
  log "dockerd already running (pid $daemon_pid), waiting for it"
else
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  log "starting dockerd (log: $DOCKERD_LOG)"
  # Own session (setsid), so the daemon outlives the caller's process group.
  # shellcheck disable=SC2086
  setsid nohup dockerd ${DOCKERD_EXTRA_ARGS:-} >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  daemon_pid=$!
  disown || true
fi

t0=$SECONDS
until engine_up; do
  if [ $((SECONDS - t0)) -ge "$WAIT_SECONDS" ]; then
    log "engine not ready after ${WAIT_SECONDS} s; last lines of $DOCKERD_LOG:"
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    log "dockerd exited; last lines of $DOCKERD_LOG:"
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  sleep 0.5
done
log "engine ready after $((SECONDS - t0)) s ($(docker info --format '{{.ServerVersion}} {{.Driver}}' 2>/dev/null))"
