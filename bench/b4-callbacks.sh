#!/usr/bin/env bash
# B4: signed, encrypted message pushes per second through the gateway, against the raw cost of verify + decrypt
# (+ parse) measured with BenchmarkDotNet in the same run. Prints a markdown section.
set -euo pipefail
source "$(dirname "$0")/common.sh"

pushes="${B4_PUSHES:-60000}"
connections="${B4_CONNECTIONS:-64}"
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

raw=$(dotnet "$(bin bench/Crypto.Bench)" raw | grep -E '^\||^RAW_')
start_gateway 5420 1 "$key" "$work/gateway.log"
dotnet "$(bin bench/Crypto.Bench)" load http://127.0.0.1:5420 5000 "$connections" >/dev/null
load=$(dotnet "$(bin bench/Crypto.Bench)" load http://127.0.0.1:5420 "$pushes" "$connections")

raw_ns=$(echo "$raw" | grep '^RAW_VerifyDecryptAndParse_NS=' | cut -d= -f2)
rate=$(echo "$load" | grep '^LOAD_RATE=' | cut -d= -f2)
cores=$(nproc)
echo "## B4: callbacks"
echo
echo "Message pushes (\`POST /wechat/{component}/messages/{authorizer}\`), each signed and encrypted as WeChat does with"
echo "its own MsgId and nonce, sent by ${connections} concurrent connections from one client process on this machine to the"
echo "development gateway (no webhook configured: verify, decrypt, parse, replay check, outbox grain, \`success\`)."
echo "The raw cost is BenchmarkDotNet's (in process, short run) for one push on one thread."
echo
echo "| measure | value |"
echo "|---|---|"
echo "$raw" | grep '^| raw'
echo "$load" | grep '^|'
awk -v ns="$raw_ns" -v rate="$rate" -v cores="$cores" 'BEGIN {
  ceiling = cores * 1e9 / ns
  printf "| verify + decrypt + parse ceiling on %d cores (nothing else running) | %.0f /s |\n", cores, ceiling
  printf "| gateway pushes/s vs that ceiling | %.2fx |\n", rate / ceiling
  printf "| share of the machine a push costs in crypto and parsing | %.0f%% |\n", 100 * rate * ns / (cores * 1e9)
}'
