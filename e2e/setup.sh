#!/usr/bin/env bash
# Installs what the extension-host e2e tests need, outside the repository:
# code-server 4.100.3 (VS Code 1.100.3, the minimum `engines.vscode` we
# support) on the system Node 20, keyed by version so later runs reuse it.
# Recipe and reasons: ../shared/E2E.md (§0, §1b). Idempotent; prints the
# install folder on its last line.
#
# Needs (Debian, once, as root): chromium build-essential pkg-config python3
#   libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep
set -euo pipefail

VERSION=4.100.3
CACHE="${CODEX_THREADS_E2E_CACHE:-$HOME/.cache/codex-threads-e2e}"
ROOT="$CACHE/code-server-$VERSION"
ENTRY="$ROOT/node_modules/code-server/out/node/entry.js"

if [ -f "$ENTRY" ] && [ -f "$ROOT/.installed" ]; then
  echo "$ROOT"
  exit 0
fi

for tool in rg chromium; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e/setup.sh: '$tool' is missing (apt-get install ripgrep chromium)" >&2; exit 1; }
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) === 20 ? 0 : 1)' \
  || { echo "e2e/setup.sh: code-server $VERSION needs Node 20 (found $(node --version))" >&2; exit 1; }

mkdir -p "$ROOT" "$CACHE/tmp"
cd "$ROOT"
[ -f package.json ] || echo '{"private":true}' > package.json

# @vscode/ripgrep's postinstall downloads rg from api.github.com (unreachable
# here); it first looks in this cache, so seed it with Debian's rg.
RG_CACHE="$CACHE/tmp/vscode-ripgrep-cache-1.15.11"
if [ ! -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  mkdir -p "$RG_CACHE" "$CACHE/rgseed"
  cp "$(command -v rg)" "$CACHE/rgseed/rg"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$CACHE/rgseed" rg
fi

# yes: node-pty's postinstall runs `npx node-gyp` (~/.npmrc may say yes=false).
# unsafe_perm: the postinstall refuses to run as root without it.
TMPDIR="$CACHE/tmp" npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
touch "$ROOT/.installed"
echo "$ROOT"
