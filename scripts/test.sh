#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up (idempotent), lint and types, then every test against
# a real PostgreSQL, Redis and Chromium. The last line is the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent lint
npm run --silent typecheck
exec npx vitest run
