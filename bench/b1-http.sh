#!/usr/bin/env bash
# B1: token reads over HTTP with wrk, the gateway's token endpoint side by side with a constant answer and a
# Redis-backed answer behind the same bearer check. Prints a markdown section.
set -euo pipefail
source "$(dirname "$0")/common.sh"
load_options "$@"

accounts="${B1_ACCOUNTS:-1000}"
seconds="${B1_SECONDS:-10}"
connections="${B1_CONNECTIONS:-64}"
rounds="${B1_ROUNDS:-5}"
warmup="${B1_WARMUP:-6}" # warm-up runs of 10 s per endpoint, alternated
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work" "$bench_load_log"' EXIT
load_gate B1

ensure_packages wrk:wrk redis-server:redis-server curl:curl python3:python3
"${serve_on[@]}" redis-server --port 6391 --save '' --appendonly no >"$work/redis.log" 2>&1 &
gateway_on=("${serve_on[@]}")
start_gateway 5410 "$accounts" "$key" "$work/gateway.log"
sample=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:5410/api/components/$component/authorizers/wxbe1acc0000000000/token")
"${serve_on[@]}" dotnet "$(bin bench/HttpComparators)" --urls http://127.0.0.1:5411 --Gateway:ApiKeys:0 "$key" --Sample "$sample" --Redis 127.0.0.1:6391 >"$work/comparators.log" 2>&1 &
wait_for "http://127.0.0.1:5411/constant/api/components/$component/authorizers/wxbe1acc0000000000/token" "Authorization: Bearer $key"
curl -fs -o /dev/null -X POST "http://127.0.0.1:5411/seed/$component/$accounts?prefix=wxbe1acc00"

for i in $(seq 0 $((accounts - 1))); do printf "/api/components/%s/authorizers/wxbe1acc00%08d/token\n" "$component" "$i"; done >"$work/paths"

run() { # target prefix url seconds
  PATHS_FILE="$work/paths" PATH_PREFIX="$2" API_KEY="$key" \
    "${load_on[@]}" wrk -t"$wrk_threads" -c"$connections" -d"$4"s --latency -s "$root/bench/wrk/tokens.lua" "$3" | grep '^RESULT' | sed "s/^RESULT/$1/"
}

declare -A url=([constant]=http://127.0.0.1:5411 [redis]=http://127.0.0.1:5411 [gateway]=http://127.0.0.1:5410)
declare -A prefix=([constant]=/constant [redis]=/redis [gateway]=)
# Warm-up until JIT tiering has settled: on one core the gateway kept compiling methods in bursts of 500-900 a second
# (dotnet-counters) for its first 60 s of reads, three minutes of alternated runs, and ran at 13,000-18,000 reads a
# second meanwhile against 35,000 after; the constant endpoint settles within its first 10 s.
for _ in $(seq 1 "$warmup"); do
  for target in constant redis gateway; do run "$target" "${prefix[$target]}" "${url[$target]}" 10 >/dev/null; done
done
# Rounds interleaved, so drift of the machine hits all three alike; medians and per-round ratios are reported.
for round in $(seq 1 "$rounds"); do
  for target in constant redis gateway; do
    load_mark "$target" before
    run "$target" "${prefix[$target]}" "${url[$target]}" "$seconds" | sed "s/^/$round /"
    load_mark "$target" after
  done
done >"$work/rounds"
cat "$work/rounds" >&2

echo "## B1: token reads over HTTP"
echo
echo "wrk, ${connections} connections, ${seconds} s per run on loopback, requests spread over ${accounts} authorizers; ${bench_pinning}."
echo "The gateway runs as \`dotnet run --project src/Gateway\` does (in-process silo, Production settings, the WeChat sandbox"
echo "in process by \`Sandbox__Enabled=true\`); the comparators"
echo "are a minimal ASP.NET app (\`bench/HttpComparators\`) with the gateway's own bearer check: a constant JSON of the same"
echo "size (the HTTP stack's limit) and the same JSON read from Redis (redis-server on loopback, StackExchange.Redis)."
echo "Runs alternate constant, Redis, gateway, $rounds rounds of ${seconds} s after $warmup alternated warm-up runs of 10 s each: figures are the medians over"
echo "the rounds, ratios the median of each round's ratio (every round's p99 ratio beside it)."
echo
python3 "$root/bench/wrk/rounds.py" <"$work/rounds"
echo
echo "Target: gateway ≥ 0.85x the constant endpoint's requests/s, p99 within 1.5x of its p99 (#21)."
echo
load_summary
