#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, runs on Node 20) into .vscode-test/code-server.
# See shared/notes/real-vscode-e2e.md: ripgrep's download is pre-filled from Debian's binary,
# and npm needs unsafe_perm (root) and yes (node-pty's postinstall runs npx).
set -euo pipefail
cd "$(dirname "$0")/../.."
target=.vscode-test/code-server
if [ -x "$target/node_modules/.bin/code-server" ]; then
  echo "code-server already installed in $target"
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (Debian package) is required" >&2; exit 1; }
tmp="${TMPDIR:-/tmp}"
mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11"
tar czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
mkdir -p "$target"
cd "$target"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error code-server@4.100.3
