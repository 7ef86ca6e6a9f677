#!/usr/bin/env bash
# Runs every test suite (type-checks, unit, renderer, integration, browser end-to-end) and ends with one plain line:
# "N passed, N failed" — totals over every suite — exiting non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."
report_dir=$(mktemp -d)
trap 'rm -rf "$report_dir"' EXIT
passed=0
failed=0

echo "== type-check (tsc --noEmit)"
if npx --no-install tsc -p tsconfig.json --noEmit; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "== type-check renderer (vue-tsc --noEmit)"
if npx --no-install vue-tsc -p renderer/tsconfig.json --noEmit; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

run_vitest() {
  local name=$1; shift
  echo "== $name"
  npx --no-install vitest run "$@" --reporter=default --reporter=json --outputFile.json="$report_dir/$name.json"
  local code=$?
  if [[ -f "$report_dir/$name.json" ]]; then
    read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrors||0) + r.testResults.filter(t=>t.status==="failed"&&t.assertionResults.length===0).length)' "$report_dir/$name.json")
    passed=$((passed + p)); failed=$((failed + f))
    if [[ $code -ne 0 && $f -eq 0 ]]; then failed=$((failed + 1)); fi
  else
    echo "vitest produced no report for $name"; failed=$((failed + 1))
  fi
}

run_vitest unit tests/unit
run_vitest renderer -c vite.renderer.config.ts
run_vitest integration tests/integration --passWithNoTests
# Builds the renderer and drives it in Chromium against `mge serve` (needs /usr/bin/chromium or $MGE_CHROMIUM).
run_vitest e2e -c tests/e2e/vitest.config.ts

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
