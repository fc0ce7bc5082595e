#!/usr/bin/env bash
# B6: mini-program login (jscode2session) over HTTP with wrk: the gateway's route, which takes the platform's component
# token from its cache and the account check from its own and calls the in-process sandbox, side by side with the
# sandbox's sns/component/jscode2session called directly with the same component token. Prints a markdown section.
# Environment: B6_SECONDS (10), B6_CONNECTIONS (64), B6_ACCOUNTS (10 mini programs), B6_USERS (20 per mini program).
set -euo pipefail
source "$(dirname "$0")/common.sh"
load_options "$@"

accounts="${B6_ACCOUNTS:-10}"
users="${B6_USERS:-20}"
seconds="${B6_SECONDS:-10}"
connections="${B6_CONNECTIONS:-64}"
threads=2
port=5450
base="http://127.0.0.1:$port"
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d)"
trap 'stop_started; rm -rf "$work" "$bench_load_log"' EXIT
trap 'exit 130' INT TERM
load_gate B6

ensure_packages wrk:wrk curl:curl jq:jq
# Mini programs bound to an open-platform account (so answers carry a unionid); codes live a minute longer than a run
# (the codes of earlier runs are dropped as the sandbox issues new ones). The sign-in APIs have no daily quota in the
# sandbox: WeChat limits them per minute, not per day.
lifetime=$((seconds + 60))
settings=("Sandbox__JsCodeLifetime=$(printf '%02d:%02d:%02d' $((lifetime / 3600)) $((lifetime / 60 % 60)) $((lifetime % 60)))")
for i in $(seq 0 $((accounts - 1))); do
  settings+=("Sandbox__Accounts__${i}__Kind=MiniProgram" "Sandbox__Accounts__${i}__OpenPlatformAccount=bench-open")
done
start_gateway $port "$accounts" "$key" "$work/gateway.log" "${settings[@]}"
token=$(curl -fs -H "Authorization: Bearer $key" "$base/api/components/$component/token" | jq -r .access_token)
appids=$(for i in $(seq 0 $((accounts - 1))); do printf "wxbe1acc00%08d\n" "$i"; done)
codes_url() { echo "$base/sandbox/api/components/$component/authorizations/$1/login-codes?count=$2"; }

# The users who log in: B6_USERS per mini program, each logging in again and again (the sandbox's bulk control route).
for appid in $appids; do
  curl -fs -H 'Content-Type: application/json' -d '{}' "$(codes_url "$appid" "$users")" | jq -r --arg a "$appid" '.[] | "\($a) \(.user_id)"'
done >"$work/users"

# Writes N fresh codes, spread evenly over the users and shuffled, to a file; issuing them is not measured. Four
# requests at a time, each into a file of its own (parallel writers to one pipe would interleave partial lines).
issue() { # count file
  local per_user=$(( ($1 + accounts * users - 1) / (accounts * users) ))
  rm -rf "$work/issued" && mkdir "$work/issued"
  # shellcheck disable=SC2016
  while read -r appid user; do echo "$(codes_url "$appid" "$per_user") $appid $user $work/issued/$appid.$user"; done <"$work/users" |
    xargs -P 4 -L 1 sh -c 'curl -fs -H "Content-Type: application/json" -d "{\"user_id\":\"$2\"}" "$0" | jq -r --arg a "$1" ".[] | \"\(\$a) \(.js_code)\"" >"$3"'
  cat "$work/issued"/* | shuf >"$2"
  [ "$(wc -l <"$2")" -ge "$1" ] || { echo "issued only $(wc -l <"$2") of $1 codes" >&2; return 1; }
}

# One wrk run; its RESULT line named after the side, with the gateway process's CPU per request (it serves both sides).
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$gateway_pid/stat"; }
run() { # side seconds count
  local before result count=$3
  for _ in 1 2 3; do # a run that runs out of codes is run again with twice as many
    issue "$count" "$work/codes"
    sleep 1
    load_mark "$1" before
    before=$(ticks)
    result=$(CODES_FILE="$work/codes" MODE="$1" COMPONENT="$component" API_KEY="$key" TOKEN="$token" WRK_THREADS=$threads \
      wrk -t$threads -c"$connections" -d"$2"s --latency -s "$root/bench/wrk/logins.lua" "$base" | grep '^RESULT' | sed "s/^RESULT/$1/")
    load_mark "$1" after
    [[ "$result" == *" exhausted=0 "* ]] && break
    count=$((count * 2))
  done
  echo "$result cpu_us=$(awk -v t=$(( $(ticks) - before )) -v hz="$hz" -v n="${result##*requests=}" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')"
}

# Both sides answer a code with the same user's openid.
issue 2 "$work/probe"
probe_gateway=$(head -n 1 "$work/probe") probe_direct=$(tail -n 1 "$work/probe")
curl -fs -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"js_code\":\"${probe_gateway#* }\"}" \
  "$base/api/components/$component/authorizers/${probe_gateway%% *}/jscode2session" | grep -q '"openid"'
curl -fs "$base/sns/component/jscode2session?appid=${probe_direct%% *}&js_code=${probe_direct#* }&grant_type=authorization_code&component_appid=$component&component_access_token=$token" | grep -q '"openid"'

# Warm-up, 3 s a side; it also tells how many codes a measured run can use (twice the faster side's rate).
fastest=0
for side in direct gateway; do
  rps=$(run $side 3 100000 | grep -o 'rps=[0-9]*' | cut -d= -f2)
  fastest=$(( rps > fastest ? rps : fastest ))
done
per_run=$(( fastest * seconds * 2 + 10000 ))

# Two rounds, the direct call then the gateway, fresh codes for every run; the second round is reported.
for round in 1 2; do
  for side in direct gateway; do run $side "$seconds" $per_run; done >"$work/round$round"
done
cat "$work/round1" "$work/round2" >&2

field() { grep "^$1 " "$work/round2" | grep -o " $2=[0-9.]*" | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo "## B6: mini-program login (jscode2session)"
echo
echo "wrk (${connections} connections, ${threads} threads, ${seconds} s per run), single node: the gateway as \`dotnet run --project src/Gateway\` runs it"
echo "(in-process silo and sandbox, Production settings with \`Sandbox__Enabled=true\`). Each request uses up its own \`wx.login\` code, issued beforehand by"
echo "the sandbox's bulk control route (\`.../login-codes?count=N\`) for ${users} returning users of each of ${accounts} mini programs"
echo "(with unionids), shuffled and split between wrk's threads (\`bench/wrk/logins.lua\`). **direct**: the sandbox's"
echo "\`GET /sns/component/jscode2session\` with the platform's component token, as a service holding the token would call it;"
echo "**gateway**: \`POST /api/components/{c}/authorizers/{a}/jscode2session\`, which checks the account, takes the component"
echo "token (cached for Gateway:TokenCacheDuration, 1 s) and makes that call. Failed unless HTTP 200 with an openid; CPU per"
echo "login is the gateway process's user + system time (/proc) per request. sign-in APIs have no daily quota in the sandbox. Runs"
echo "alternate direct, gateway, fresh codes each; the second of two rounds is reported."
echo
echo "| side | requests/s | vs direct | p50 | p99 | p99 vs direct | errors | CPU of the gateway process per login |"
echo "|---|---|---|---|---|---|---|---|"
for side in direct gateway; do
  echo "| $side | $(field $side rps) | $(ratio "$(field $side rps)" "$(field direct rps)") | $(field $side p50) ms | $(field $side p99) ms | $(ratio "$(field $side p99)" "$(field direct p99)") | $(field $side errors) + $(field $side failed) failed$( [ "$(field $side exhausted)" = 0 ] || echo ", ran out of codes") | $(field $side cpu_us) µs |"
done
echo
echo "Target: gateway ≥ 0.9x the direct call's requests/s, p99 within 1.25x of its p99."
echo
load_summary
