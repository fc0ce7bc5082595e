# Shared by the benchmark scripts: tools, ports, waiting.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/load.sh"
component=wx5a4db0c0de000001
bin() { echo "$root/$1/bin/Release/net10.0/$(basename "$1").dll"; }

# Cores for the HTTP read benchmarks (B1, B5's reads). On a machine this small wrk and the endpoint it loads take cores
# from each other, and the tails then measure the scheduler more than the endpoint: sharing both cores, the constant
# endpoint's own p99 moved from 3.3 to 19 ms between 10 s runs. So wrk gets the last core and the measured endpoints
# the others, as on two machines: serve_on and load_on are command prefixes; B1 and B5 start the gateway with
# gateway_on=("${serve_on[@]}"). BENCH_PIN=0 shares all cores.
if [ "${BENCH_PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  bench_pinning="wrk (1 thread) on core $(($(nproc) - 1)), the measured endpoints on cores 0-$(($(nproc) - 2))"
  serve_on=(taskset -c "0-$(($(nproc) - 2))")
  load_on=(taskset -c "$(($(nproc) - 1))")
  wrk_threads=1
else
  bench_pinning="wrk (2 threads) and the endpoints sharing all $(nproc) cores"
  serve_on=()
  load_on=()
  wrk_threads=2
fi
gateway_on=()

ensure_packages() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
  fi
}

# Processes started with start_group, each in a process group of its own (setsid execs in place, so $! is the process
# and its group); stop_started stops them all, by group, and is what the scripts' EXIT traps call.
started_groups=()
start_group() { # logfile command...
  local out=$1; shift
  setsid "$@" >"$out" 2>&1 </dev/null &
  started_pid=$!
  started_groups+=("$started_pid")
}
stop_started() {
  local g
  for g in "${started_groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for g in "${started_groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.2
  done
  for g in "${started_groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
}

wait_for() { # url [header]
  for _ in $(seq 1 300); do
    if curl -fs -o /dev/null ${2:+-H "$2"} "$1"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# The development gateway (in-process silo and sandbox) with N generated sandbox accounts, all authorized; settings
# after the log file (NAME=value, e.g. Sandbox__Accounts__0__Kind=MiniProgram) are added to its environment.
# It runs with Production settings, where the sandbox is off unless asked for: Sandbox__Enabled=true runs the WeChat
# sandbox inside the measured gateway process, so its CPU is counted with the gateway's.
# Sets gateway_pid (started with start_group); accounts are wxbe1acc0000000000.. .
start_gateway() { # port accounts api_key logfile [NAME=value...]
  local port=$1 accounts=$2 key=$3 log=$4
  shift 4
  local -a env=(ASPNETCORE_URLS="http://127.0.0.1:$port" Gateway__ApiKeys__0="$key" DOTNET_ENVIRONMENT=Production Sandbox__Enabled=true
    Logging__LogLevel__Default=Warning Sandbox__IncludeReleaseTestAccounts=false Orleans__SiloPort=$((port + 10)) Orleans__GatewayPort=$((port + 20)))
  for i in $(seq 0 $((accounts - 1))); do
    local id; id=$(printf "wxbe1acc00%08d" "$i")
    env+=("Sandbox__Accounts__${i}__AppId=$id" "Sandbox__Accounts__${i}__UserName=gh_$id" "Sandbox__Accounts__${i}__NickName=bench $i")
  done
  start_group "$log" "${gateway_on[@]}" env "${env[@]}" "$@" dotnet "$(bin src/Gateway)"
  gateway_pid=$started_pid
  wait_for "http://127.0.0.1:$port/api/components/$component/token" "Authorization: Bearer $key"
  # Eight curls, each sending its share over one kept-alive connection (a process per account made set-up take minutes
  # at 10,000; curl's own parallel mode drops transfers).
  local shard senders=()
  for ((shard = 0; shard < 8 && shard < accounts; shard++)); do
    for ((i = shard; i < accounts; i += 8)); do
      [ "$i" -gt "$shard" ] && echo next
      printf 'url = "http://127.0.0.1:%s/sandbox/api/components/%s/authorizations"\ndata = "{\\"authorizer_appid\\":\\"wxbe1acc00%08d\\"}"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\n' "$port" "$component" "$i"
    done | curl -fsS -K - &
    senders+=($!)
  done
  wait "${senders[@]}" || true
  for _ in $(seq 1 300); do
    # The list is paged: its X-Total-Count says how many match.
    local n; n=$(curl -fs -o /dev/null -D - -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/components/$component/authorizers?status=authorized&limit=1" \
      | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" { print $2 }' || true)
    [ "${n:-0}" -ge "$accounts" ] && return 0
    sleep 0.5
  done
  echo "only $n of $accounts accounts authorized" >&2
  return 1
}
