#!/usr/bin/env bash
# `npm test`: everything a fresh machine of our kind needs, then every test (unit, integration on
# PGlite and PostgreSQL, e2e in Chromium). Installs what is missing rather than skipping tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# PostgreSQL runs on this kind of machine; test on it too unless told otherwise.
if [ -z "${TEST_DATABASE_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
fi
if [ -z "${TEST_REDIS_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  export TEST_REDIS_URL=redis://127.0.0.1:6379
fi
echo "PostgreSQL tests: ${TEST_DATABASE_URL:-off}; Redis tests: ${TEST_REDIS_URL:-off}"

npx tsc --noEmit -p tsconfig.json
npx vite build --logLevel warn
npx vitest run "$@"
