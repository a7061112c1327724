#!/usr/bin/env bash
# Install the Microsoft SARIF Multitool (the validator the SARIF tests run)
# into .tools/ (git-ignored). Idempotent: does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=.tools/sarif-multitool
binary="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ ! -x "$binary" ]; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" @microsoft/sarif-multitool
  chmod +x "$binary"
fi
"$binary" --version >/dev/null 2>&1 || "$binary" --help >/dev/null 2>&1 || true
echo "SARIF Multitool: $binary"
