#!/usr/bin/env bash
# Measure ddgbot against ceilings measured in the same run, on this
# machine, with the wrk harness in scripts/bench: a bare Echo server
# answering fixed bytes (baseline: what any Go HTTP service could reach
# here) and the same server making one upstream GET per request (proxy:
# the ceiling of a lookup that misses the cache). Prints the harness's
# table, then each scenario's req/s as a ratio to its ceiling: absolute
# figures vary between machines and runs, the ratios much less.
#
#   scripts/bench.sh                       # every scenario, 3 rounds (~10 min)
#   ROUNDS=1 DURATION=5 SCENARIOS="warm cold" scripts/bench.sh
#
# Needs Go, curl and wrk (installed with apt when missing). Settings such as
# ROUNDS, DURATION, CONC and SCENARIOS pass through to the harness (see
# scripts/bench/README.md). Run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${BENCH_DIR:-scripts/bench}
bench=$(cd "$bench" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/ddgbot" .
cat >"$tmp/bench.yaml" <<'YAML'
server:
  addr: "127.0.0.1:18093"
turn:
  api_token: ""
  response_timeout: "1s"
log:
  level: "error"
YAML
# The harness writes results beside its scripts: run a copy when it is
# read-only.
if [ ! -w "$bench" ]; then
  cp -r "$bench" "$tmp/bench"
  bench="$tmp/bench"
fi
ROUNDS=${ROUNDS:-3} TARGETS=${TARGETS:-baseline proxy project} PROJECT_NAME=ddgbot \
  PROJECT_CMD="$tmp/ddgbot --config $tmp/bench.yaml" PROJECT_PORT=18093 \
  PROJECT_DDG_ENV=DDGBOT_DUCKDUCKGO_BASE_URL PROJECT_PORT_ENV=BENCH_PORT \
  HANG_DURATION=${HANG_DURATION:-5} "$bench/compare.sh"

results=$(ls -td "$bench"/.out/*/ | head -1)results.tsv
echo
echo "ddgbot's req/s as a share of each ceiling measured in the same run (medians of the rounds):"
awk -f "$bench/../bench-ratios.awk" "$results"
