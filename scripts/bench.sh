#!/usr/bin/env bash
# Compare ddgbot with a bare-Echo ceiling using the shared wrk harness
# (../shared/bench by default, or BENCH_DIR): builds ddgbot, writes a bench
# config, and runs compare.sh on it. Settings such as ROUNDS, DURATION,
# CONC and SCENARIOS pass through to the harness (see its README).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${BENCH_DIR:-../shared/bench}
if [ ! -x "$bench/compare.sh" ]; then
  echo "bench: no harness at $bench (set BENCH_DIR)" >&2
  exit 2
fi
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
ROUNDS=${ROUNDS:-3} PROJECT_NAME=ddgbot PROJECT_CMD="$tmp/ddgbot --config $tmp/bench.yaml" \
  PROJECT_PORT=18093 PROJECT_DDG_ENV=DDGBOT_DUCKDUCKGO_BASE_URL PROJECT_PORT_ENV=BENCH_PORT \
  HANG_DURATION=${HANG_DURATION:-5} "$bench/compare.sh"
