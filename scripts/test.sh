#!/usr/bin/env bash
# Runs every test: unit, integration (real gearmand), LSP (in-process and over stdio) and
# end-to-end (real VS Code in headless Chromium). Does its own set-up first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent package >/dev/null
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@"
rc=$?
set -e
node scripts/summary.mjs .vitest-results.json || true
exit $rc
