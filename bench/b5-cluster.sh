#!/usr/bin/env bash
# B5: production mode on this machine. A throwaway PostgreSQL 15, `Silo.dll migrate`, two silo processes, a client-only
# gateway process and the WeChat sandbox (src/Sandbox) with short token lifetimes; N accounts authorized through the
# gateway's callback route, then two token lifetimes watched, or with B5_IDLE_SECONDS the cluster left idle and measured
# (bench/b5-idle.sh). Prints a markdown section on stdout (progress on stderr; the section by bench/b5-report.sh).
# Environment: B5_AUTHORIZERS (100000), B5_CONCURRENCY (32), B5_AUTH_RATE (authorizations/s at most, 0: unpaced), B5_LIFETIME (seconds, 600), B5_WRK_SECONDS (10),
# B5_WRK_CONNECTIONS (64), B5_WATCH_LIFETIMES (2, for smoke runs), B5_IDLE_SECONDS (0: watch lifetimes), B5_IDLE_SETTLE
# (480), B5_KEEP=1 keeps the work directory (logs, database) when done.
# Every process started here runs in its own process group and is stopped on exit, failure or Ctrl+C.
set -euo pipefail
source "$(dirname "$0")/common.sh"
load_options "$@"

accounts="${B5_AUTHORIZERS:-100000}"
concurrency="${B5_CONCURRENCY:-32}"
auth_rate="${B5_AUTH_RATE:-0}"
lifetime="${B5_LIFETIME:-600}"
watched="${B5_WATCH_LIFETIMES:-2}"
idle="${B5_IDLE_SECONDS:-0}"
wrk_seconds="${B5_WRK_SECONDS:-10}"
wrk_connections="${B5_WRK_CONNECTIONS:-64}"
wrk_rounds="${B5_WRK_ROUNDS:-5}"
wrk_warmup="${B5_WRK_WARMUP:-6}" # warm-up runs of 10 s per endpoint, alternated (as B1)
refresh_before=180 refresh_jitter=50 reminder_period=60 minimum_validity=60
prefix=wxb5acc0
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=55532 sandbox_port=5600 gateway_port=5610 comparators_port=5611
sandbox="http://127.0.0.1:$sandbox_port" gateway="http://127.0.0.1:$gateway_port"
work="$(mktemp -d /tmp/b5-cluster.XXXX)"
chmod 777 "$work"
log() { echo "[$(date -u +%H:%M:%S)] B5: $*" >&2; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
groups=()
pg_started=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  [ -n "$pg_started" ] && { as_pg "$PG_BIN/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || as_pg "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; }
  rm -f "$bench_load_log"
  if [ "${B5_KEEP:-0}" = 1 ] || [ $status != 0 ]; then log "logs and database kept in $work"; else rm -rf "$work"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts "$@" in a process group of its own (setsid execs in place, so $! is the process and the group); sets started_pid.
start() { # logfile command...
  local out=$1; shift
  setsid "$@" >"$out" 2>&1 </dev/null &
  started_pid=$!
  groups+=("$started_pid")
}

wait_url() { # url seconds [header]
  for _ in $(seq 1 $(($2 * 5))); do
    if curl -fs -o /dev/null ${3:+-H "$3"} "$1"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  return 1
}

ensure_packages wrk:wrk curl:curl python3:python3
load_gate B5
if [ ! -x "$PG_BIN/initdb" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# Copies of the Release builds, so a rebuild by someone else on this machine cannot pull a dll from under a running process.
for project in src/Silo src/Gateway src/Sandbox bench/HttpComparators bench/Grains.Bench; do
  [ -f "$(bin $project)" ] || { echo "$(bin $project) is missing: build in Release first (bench/run.sh does)" >&2; exit 1; }
  mkdir -p "$work/app/$(basename $project)" && cp -r "$(dirname "$(bin $project)")/." "$work/app/$(basename $project)/"
done
bin() { echo "$work/app/$(basename "$1")/$(basename "$1").dll"; }
driver="${B5_DRIVER:-$(bin bench/Grains.Bench)}"
# Silos and the gateway run from their apphosts under names of their own (b5node, b5edge): on this shared machine a
# cleanup by process name (pkill -f Silo.dll) elsewhere stopped a first 100,000-account run's silos and gateway.
mv "$work/app/Silo" "$work/app/node" && mv "$work/app/node/Silo" "$work/app/node/b5node"
mv "$work/app/Gateway" "$work/app/edge" && mv "$work/app/edge/Gateway" "$work/app/edge/b5edge"
silo_exe="$work/app/node/b5node" gateway_exe="$work/app/edge/b5edge"

# PostgreSQL: defaults, except a socket directory of our own and loopback only.
as_pg "$PG_BIN/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" -l "$work/postgres.log" -w start >/dev/null
pg_started=1
postmaster=$(head -n 1 "$work/pg/postmaster.pid")
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p $pg_port -U postgres -d postgres -At -c "$1"; }

export ConnectionStrings__Orleans="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export Storage__EncryptionKeys__0__Id=b5 Storage__EncryptionKeys__0__Key="$(openssl rand -base64 32)"
export WeChat__ApiBaseUrl=$sandbox WeChat__PortalBaseUrl=$sandbox WeChat__MobilePortalBaseUrl=$sandbox
export WeChat__Components__0__AppId=$component WeChat__Components__0__AppSecret=sandbox-demo-component-secret
export WeChat__Components__0__Token=sandboxdemotoken WeChat__Components__0__EncodingAESKey=SandboxDemoEncodingAESKey000000000000000000
export Tokens__RefreshBefore=$(printf '00:%02d:%02d' $((refresh_before / 60)) $((refresh_before % 60)))
export Tokens__RefreshJitter=$(printf '00:%02d:%02d' $((refresh_jitter / 60)) $((refresh_jitter % 60)))
export Tokens__ReminderPeriod=$(printf '00:%02d:%02d' $((reminder_period / 60)) $((reminder_period % 60)))
export Tokens__MinimumValidity=$(printf '00:%02d:%02d' $((minimum_validity / 60)) $((minimum_validity % 60)))
export Tokens__RefreshClaimLifetime=00:01:00
export Gateway__ApiKeys__0=$key Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple
# Every account is authorized through the callback page from this one address: the pages' per-address limit is off.
export Gateway__AuthorizationPages__PermitsPerMinute=0
"$silo_exe" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }

# The sandbox knows its accounts up front (SandboxWorld.FindAccount); Grains.Bench hosts src/Sandbox's SandboxServer with
# them and the demo platform, which pushes its tickets to our gateway (Sandbox.dll would bind them from configuration,
# which took over two minutes of CPU for 30,000 accounts).
start "$work/sandbox.log" dotnet "$driver" b5 sandbox "$sandbox_port" "$gateway" "$lifetime" "$prefix" "$accounts"
sandbox_pid=$started_pid

silo_pids=()
for i in 1 2; do
  start "$work/silo$i.log" "$silo_exe" --urls "http://127.0.0.1:$((5600 + i))" --Orleans:AdvertisedIP 127.0.0.1 \
    --Orleans:SiloPort $((11610 + i)) --Orleans:GatewayPort $((30610 + i)) --Orleans:SiloName "b5silo$i"
  silo_pids+=("$started_pid")
done
wait_url "$sandbox/sandbox/api/calls?api=none" 120
for i in 1 2; do wait_url "http://127.0.0.1:$((5600 + i))/health/ready" 180; done
# The gateway on the measured cores from the start (its processor count is fixed when it starts), so the
# authorizations below also pass through a gateway on those cores only.
start "$work/gateway.log" "${serve_on[@]}" "$gateway_exe" --urls "$gateway"
gateway_pid=$started_pid
wait_url "$gateway/api/components/$component/authorizers?limit=1" 180 "Authorization: Bearer $key"
curl -fs -o /dev/null -X POST "$sandbox/sandbox/api/components/$component/ticket" || true
wait_url "$gateway/api/components/$component/token" 120 "Authorization: Bearer $key"
log "cluster up: PostgreSQL $postmaster, silos ${silo_pids[*]}, gateway $gateway_pid, sandbox $sandbox_pid; work in $work"

# CPU in clock ticks: the silos, and PostgreSQL (postmaster with its reaped children, plus its live backends).
hz=$(getconf CLK_TCK)
proc_ticks() { awk '{ s = 0; for (i = 14; i <= 15; i++) s += $i; print s }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local total; total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster"); do total=$((total + $(proc_ticks "$child"))); done
  echo "$total"
}
silo_ticks() { local t=0; for p in "${silo_pids[@]}"; do t=$((t + $(proc_ticks "$p"))); done; echo $t; }
rss_mib() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }

# 1. Authorizations through the callback route.
log "authorizing $accounts accounts, $concurrency at a time"
cpu0_silo=$(silo_ticks) cpu0_pg=$(pg_ticks)
dotnet "$driver" b5 authorize "$gateway" "$sandbox" "$component" "$prefix" 0 "$accounts" "$concurrency" "$auth_rate" >"$work/authorize.out"
cpu1_silo=$(silo_ticks) cpu1_pg=$(pg_ticks)
auth_end=$(date +%s)
cat "$work/authorize.out" >&2
val() { grep -h "^$1=" "$work"/*.out | tail -n 1 | cut -d= -f2-; }

# 2. Listing at N accounts.
dotnet "$driver" b5 list "$gateway" "$key" "$component" "$prefix" "$accounts" 1000 >"$work/list.out"
cat "$work/list.out" >&2

sleep_until() { local left=$(($1 - $(date +%s))); [ $left -gt 0 ] && sleep $left; return 0; }

if [ "$idle" -gt 0 ]; then
  source "$root/bench/b5-idle.sh"
else
  # 3. Two token lifetimes from the end of the authorizations, with readers throughout. The steady window for CPU is
  # whole minutes (token_activity's buckets) from a minute after the authorizations to the end of the second lifetime.
  watch_end=$((auth_end + watched * lifetime))
  win_from=$(( (auth_end + 60 + 59) / 60 * 60 )) win_to=$(( watch_end / 60 * 60 ))
  log "watching until $(date -u -d @$watch_end +%H:%M:%S), steady window $(date -u -d @$win_from +%H:%M)–$(date -u -d @$win_to +%H:%M)"
  dotnet "$driver" b5 read "$gateway" "$key" "$component" "$prefix" "$accounts" $(( watch_end - $(date +%s) > 10 ? watch_end - $(date +%s) : 10 )) 4 >"$work/read.out" &
  readers=$!
  sleep_until $win_from
  w0_silo=$(silo_ticks) w0_pg=$(pg_ticks) w0_gw=$(proc_ticks $gateway_pid) w0_sb=$(proc_ticks $sandbox_pid)
  sleep_until $win_to
  w1_silo=$(silo_ticks) w1_pg=$(pg_ticks) w1_gw=$(proc_ticks $gateway_pid) w1_sb=$(proc_ticks $sandbox_pid)
  wait $readers
  cat "$work/read.out" >&2
  rss_silos=$(( $(rss_mib "${silo_pids[0]}") + $(rss_mib "${silo_pids[1]}") ))
  dotnet "$driver" b5 judge "$sandbox" "$prefix" "$accounts" "$lifetime" "$refresh_before" "$minimum_validity" "$win_from" "$win_to" >"$work/judge.out"
  cat "$work/judge.out" >&2
  sleep 12 # token_activity is flushed every 10 s
  IFS='|' read -r all_ticks all_refreshes all_failures < <(psql_ "SELECT sum(ticks), sum(refreshes), sum(failures) FROM token_activity")
  IFS='|' read -r win_ticks win_refreshes < <(psql_ "SELECT coalesce(sum(ticks),0), coalesce(sum(refreshes),0) FROM token_activity WHERE minute >= to_timestamp($win_from) AND minute < to_timestamp($win_to)")
fi

# 4. Database bytes per account.
db_bytes=$(psql_ "SELECT pg_database_size(current_database())")
psql_ "SELECT c.relname, pg_total_relation_size(c.oid), coalesce(s.n_live_tup, 0), coalesce(s.n_dead_tup, 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC" >"$work/tables"

# 5. Token reads over HTTP: the client-only gateway and B1's constant endpoint, alternately, requests spread over
# 10,000 of the accounts.
sample=$(curl -fs -H "Authorization: Bearer $key" "$gateway/api/components/$component/authorizers/${prefix}0000000000/token")
start "$work/comparators.log" "${serve_on[@]}" dotnet "$(bin bench/HttpComparators)" --urls "http://127.0.0.1:$comparators_port" --Gateway:ApiKeys:0 "$key" \
  --Sample "$sample" --Redis "127.0.0.1:6399,abortConnect=false,connectTimeout=200"
wait_url "http://127.0.0.1:$comparators_port/constant/api/components/$component/authorizers/${prefix}0000000000/token" 60 "Authorization: Bearer $key"
python3 -c "
import random, sys
n = $accounts
for i in random.sample(range(n), min(n, 10000)): print(f'/api/components/$component/authorizers/$prefix{i:010d}/token')" >"$work/paths"
run_wrk() { # name prefix url seconds
  load_mark "$1" before
  PATHS_FILE="$work/paths" PATH_PREFIX="$2" API_KEY="$key" \
    "${load_on[@]}" wrk -t"$wrk_threads" -c"$wrk_connections" -d"$4"s --latency -s "$root/bench/wrk/tokens.lua" "$3" | grep '^RESULT' | sed "s/^RESULT/$1/"
  load_mark "$1" after
}
# Every sampled account read once before anything is timed: in idle mode their grains have deactivated, and a timed
# run that activates them from storage measures activations (a 1,000,000-account run's two rounds did), not reads.
python3 -c "
import concurrent.futures, urllib.request
def read(path):
    request = urllib.request.Request('$gateway' + path, headers={'Authorization': 'Bearer $key'})
    with urllib.request.urlopen(request, timeout=60) as answer: answer.read()
with concurrent.futures.ThreadPoolExecutor(32) as pool: list(pool.map(read, open('$work/paths').read().split()))"
for _ in $(seq 1 "$wrk_warmup"); do
  run_wrk constant /constant "http://127.0.0.1:$comparators_port" 10 >/dev/null
  run_wrk gateway "" "$gateway" 10 >/dev/null
done
for round in $(seq 1 "$wrk_rounds"); do
  for target in constant gateway; do
    if [ $target = constant ]; then run_wrk constant /constant "http://127.0.0.1:$comparators_port" "$wrk_seconds"; else run_wrk gateway "" "$gateway" "$wrk_seconds"; fi
  done | sed "s/^/$round /"
done >"$work/wrk"
cat "$work/wrk" >&2

source "$root/bench/b5-report.sh"
