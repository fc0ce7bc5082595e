#!/usr/bin/env bash
# B4: signed, encrypted message pushes per second with wrk: the gateway, without and with a webhook configured, side by
# side with the comparator in bench/HttpComparators that only verifies, decrypts and parses them (the limit of HTTP plus
# the crypto), on a single node and then (B4_CLUSTER=1, the default) through a client-only gateway of a PostgreSQL-backed
# cluster; and BenchmarkDotNet's raw cost of the crypto. Prints a markdown section on stdout.
# Environment: B4_SECONDS (10), B4_CONNECTIONS (64), B4_ACCOUNTS (100), B4_CLUSTER (1), B4_SILOS (2), B4_RAW (1; 0 skips
# BenchmarkDotNet, for smoke runs).
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/pg-cluster.sh"
load_options "$@"

seconds="${B4_SECONDS:-10}"
connections="${B4_CONNECTIONS:-64}"
accounts="${B4_ACCOUNTS:-100}"
cluster="${B4_CLUSTER:-1}"
silos="${B4_SILOS:-2}"
threads=2
webhook_platform=wxbe4c0de0000002
comparators=http://127.0.0.1:5421
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d /tmp/b4-callbacks.XXXX)"
bench_name=b4
trap 'stop_started; stop_postgres; rm -rf "$work" "$bench_load_log"' EXIT
trap 'exit 130' INT TERM
load_gate B4
ensure_packages wrk:wrk curl:curl

raw=""
[ "${B4_RAW:-1}" = 1 ] && raw=$(dotnet "$(bin bench/Crypto.Bench)" raw | grep -E '^\||^RAW_')

# The product's settings for both modes: the demo platform without a webhook, B4's second platform with one (the
# comparators' /webhook, answering 200); WeChat's APIs point at a closed port (pushes call none of them).
export DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple Gateway__ApiKeys__0=$key
export WeChat__ApiBaseUrl=http://127.0.0.1:9 WeChat__PortalBaseUrl=http://127.0.0.1:9 WeChat__MobilePortalBaseUrl=http://127.0.0.1:9
export WeChat__Components__0__AppId=$component WeChat__Components__0__AppSecret=sandbox-demo-component-secret
export WeChat__Components__0__Token=sandboxdemotoken WeChat__Components__0__EncodingAESKey=SandboxDemoEncodingAESKey000000000000000000
export WeChat__Components__1__AppId=$webhook_platform WeChat__Components__1__AppSecret=bench-webhook-platform-secret
export WeChat__Components__1__Token=benchwebhookplatformtoken WeChat__Components__1__EncodingAESKey=BenchWebhookPlatformEncodingAESKey000000000
export WeChat__Components__1__WebhookUrl=$comparators/webhook WeChat__Components__1__WebhookSecret=bench-webhook-secret

start_group "$work/comparators.log" dotnet "$(bin bench/HttpComparators)" --urls "$comparators"
comparators_pid=$started_pid

hz=$(getconf CLK_TCK)
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
per_push() { awk -v t="$1" -v hz="$hz" -v n="$2" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }'; }
pushes() { dotnet "$(bin bench/Crypto.Bench)" pushes "$work/pushes" "$1" "$2" "$accounts"; } # component count

# One wrk run of fresh pushes; its RESULT line named after the target, with the CPU per push of the processes answering
# (the comparator, or the gateway and its silos: server_pids) and of the webhook receiver (the comparators' process).
run() { # target url component seconds count
  local before_server before_receiver result count=$5
  local -a server=("${server_pids[@]}")
  [ "$1" = comparator ] && server=("$comparators_pid")
  for _ in 1 2 3; do # a run that runs out of pushes is run again with twice as many
    pushes "$3" "$count"
    sleep 1
    load_mark "$mode-$1" before
    before_server=$(ticks "${server[@]}") before_receiver=$(ticks "$comparators_pid")
    result=$(PUSHES_FILE="$work/pushes" WRK_THREADS=$threads \
      wrk -t$threads -c"$connections" -d"$4"s --latency -s "$root/bench/wrk/pushes.lua" "$2" | grep '^RESULT' | sed "s/^RESULT/$1/")
    load_mark "$mode-$1" after
    [[ "$result" == *" exhausted=0 "* ]] && break
    count=$((count * 2))
  done
  local n="${result##*requests=}"
  echo "$result cpu_us=$(per_push $(( $(ticks "${server[@]}") - before_server )) "$n") receiver_us=$(per_push $(( $(ticks "$comparators_pid") - before_receiver )) "$n")"
}

# Warm-up (3 s each, also sizing the measured runs at twice the fastest rate), then two rounds of comparator,
# gateway, gateway with webhook; the second round is reported. Writes $work/<mode>.round1, .round2.
measure() { # mode gateway_url
  local fastest=0 rps
  mode=$1
  for target in comparator gateway webhook; do
    rps=$(run_target "$target" "$2" 3 100000 | grep -o 'rps=[0-9]*' | cut -d= -f2)
    fastest=$(( rps > fastest ? rps : fastest ))
  done
  for round in 1 2; do
    for target in comparator gateway webhook; do run_target "$target" "$2" "$seconds" $(( fastest * seconds * 2 + 10000 )); done >"$work/$1.round$round"
  done
  cat "$work/$1.round1" "$work/$1.round2" >&2
}
run_target() { # target gateway_url seconds count
  case $1 in
    comparator) run comparator "$comparators" "$component" "$3" "$4" ;;
    gateway) run gateway "$2" "$component" "$3" "$4" ;;
    webhook) run webhook "$2" "$webhook_platform" "$3" "$4" ;;
  esac
}

# Every target answers a push success before anything is measured.
check() { # url component
  pushes "$2" 1
  local line; line=$(head -n 1 "$work/pushes")
  [ "$(curl -fs -H 'Content-Type: text/xml' --data-binary "${line#*$'\t'}" "$1${line%%$'\t'*}")" = success ] || { echo "$1 did not answer success" >&2; return 1; }
}

# 1. Single node: the gateway with its in-process silo (in-memory storage).
start_group "$work/single.log" env ASPNETCORE_URLS=http://127.0.0.1:5420 Orleans__SiloPort=5430 Orleans__GatewayPort=5440 dotnet "$(bin src/Gateway)"
gateway_pid=$started_pid
server_pids=("$gateway_pid")
wait_ready http://127.0.0.1:5420/health/ready 120
wait_ready "$comparators/health/live" 60
check "$comparators" "$component" && check http://127.0.0.1:5420 "$component" && check http://127.0.0.1:5420 $webhook_platform
measure single http://127.0.0.1:5420
kill -TERM -- "-$gateway_pid"
for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.2; done

# 2. A client-only gateway of a cluster: PostgreSQL, B4_SILOS silos, the gateway.
if [ "$cluster" = 1 ]; then
  start_postgres "$work" 55542
  start_silos "$work" "$silos" 5620
  start_client_gateway "$work" 5630
  server_pids=("$gateway_pid" "${silo_pids[@]}")
  check http://127.0.0.1:5630 "$component" && check http://127.0.0.1:5630 $webhook_platform
  measure cluster http://127.0.0.1:5630
fi

field() { grep "^$2 " "$work/$1.round2" | grep -o " $3=[0-9.]*" | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
table() { # mode
  echo "| endpoint | pushes/s | vs comparator | p50 | p99 | p99 vs comparator | errors | CPU per push |"
  echo "|---|---|---|---|---|---|---|---|"
  declare -A name=([comparator]="comparator (verify + decrypt + parse, \`success\`)" [gateway]="gateway, no webhook" [webhook]="gateway, webhook configured")
  for target in comparator gateway webhook; do
    local cpu="$(field "$1" $target cpu_us) µs"
    [ $target = webhook ] && cpu="$cpu + $(field "$1" $target receiver_us) µs in the webhook receiver"
    echo "| ${name[$target]} | $(field "$1" $target rps) | $(ratio "$(field "$1" $target rps)" "$(field "$1" comparator rps)") | $(field "$1" $target p50) ms | $(field "$1" $target p99) ms | $(ratio "$(field "$1" $target p99)" "$(field "$1" comparator p99)") | $(field "$1" $target errors) + $(field "$1" $target failed) not success$( [ "$(field "$1" $target exhausted)" = 0 ] || echo ", ran out of pushes") | $cpu |"
  done
}

raw_ns=$(echo "$raw" | grep '^RAW_VerifyDecryptAndParse_NS=' | cut -d= -f2 || true)
echo "## B4: callbacks"
echo
echo "Message pushes (\`POST /wechat/{component}/messages/{authorizer}\`), signed and encrypted as WeChat does, each with its own"
echo "MsgId and nonce, over ${accounts} accounts, written beforehand (\`Crypto.Bench pushes\`) and sent once each by wrk (${connections} connections,"
echo "${threads} threads, ${seconds} s per run, \`bench/wrk/pushes.lua\`); failed unless HTTP 200 \`success\`. The **comparator**"
echo "(\`bench/HttpComparators\`) does what the gateway does before routing, with its classes (platform lookup, \`PushReader\`,"
echo "\`AccountMessage.Parse\`), then answers \`success\`: HTTP plus the crypto. The **gateway** hands the push to the account's"
echo "outbox grain: the demo platform has no webhook (answered at once); B4's second platform has one (the comparators'"
echo "\`POST /webhook\`, 200, no reply), posted and awaited. CPU per push: the answering processes' user + system time"
echo "(/proc) per push. Runs alternate comparator, gateway, gateway with webhook; the second of two rounds is reported."
echo "Single node: the gateway with its in-process silo (in-memory storage), a platform configured, no sandbox."
echo
table single
if [ "$cluster" = 1 ]; then
  echo
  echo "Cluster: PostgreSQL 15 (defaults), ${silos} silo processes and a client-only gateway process (\`ConnectionStrings:Orleans\` set),"
  echo "all on these $(nproc) cores with the comparator and wrk; the outbox grains run on the silos, one hop from the gateway. CPU per"
  echo "push here is the gateway's and the silos' together."
  echo
  table cluster
fi
echo
echo "Target: gateway ≥ 0.5x the comparator's pushes/s, with and without a webhook."
echo
load_summary
[ -n "$raw" ] || exit 0
echo
echo "| raw crypto (BenchmarkDotNet, in process, one thread) | value |"
echo "|---|---|"
echo "$raw" | grep '^| raw'
awk -v ns="$raw_ns" -v rate="$(field single comparator rps)" -v cores="$(nproc)" 'BEGIN {
  printf "| verify + decrypt + parse ceiling on %d cores (nothing else running) | %.0f /s |\n", cores, cores * 1e9 / ns
  printf "| comparator pushes/s vs that ceiling (single node) | %.2fx |\n", rate * ns / (cores * 1e9)
}'
