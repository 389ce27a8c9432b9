#!/usr/bin/env bash
# `npm test`: lint, type check, unit and integration tests (PGlite, and
# PostgreSQL when TEST_DATABASE_URL is set), then the Playwright e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
CHROMIUM_PATH=$(bash scripts/chromium.sh)
export CHROMIUM_PATH

echo "== lint and type check"
npx eslint . --max-warnings 0
npx tsc --noEmit

echo "== unit and integration tests (PGlite${TEST_DATABASE_URL:+ and PostgreSQL})"
npx vitest run

echo "== build"
node scripts/build-if-needed.mjs

echo "== e2e tests (Chromium: $CHROMIUM_PATH)"
npx playwright test
