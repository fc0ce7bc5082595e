#!/usr/bin/env bash
# B7: a release campaign across N sandbox mini programs in production mode. A throwaway PostgreSQL 15 with the
# project's migrations, two silo processes, a client-only gateway and the WeChat sandbox (hosted by
# `Grains.Bench b7 sandbox`: N mini programs, an audit quota for all of them, reviews approved B7_AUDIT_SECONDS after
# submit_audit, pushed to the gateway as WeChat pushes them). The accounts are authorized through the gateway's
# callback route (`Grains.Bench b5 authorize`), then one campaign naming them all is started and watched until it is
# done (`Grains.Bench b7 campaign`). Prints a markdown section: wall time, WeChat calls per account, database bytes
# per campaign account (the campaign tables of migrations 0006 and 0007), peak silo memory.
# Environment: B7_ACCOUNTS (2000), B7_AUDIT_SECONDS (30), B7_CONCURRENCY (16, authorizations), B7_TIMEOUT (3600 s).
# `--force`: see bench/load.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/pg-cluster.sh"
load_options "$@"

accounts="${B7_ACCOUNTS:-2000}"
audit_seconds="${B7_AUDIT_SECONDS:-30}"
concurrency="${B7_CONCURRENCY:-16}"
timeout="${B7_TIMEOUT:-3600}"
prefix=wxb7acc0
service=b7-campaign
sandbox_port=5770
sandbox=http://127.0.0.1:$sandbox_port
gateway=http://127.0.0.1:5761
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d /tmp/b7-campaign.XXXX)"
bench_name=b7
trap 'stop_started; stop_postgres; rm -rf "$work" "$bench_load_log"' EXIT
trap 'exit 130' INT TERM
ensure_packages curl:curl
load_gate B7
driver="$(bin bench/Grains.Bench)"
[ -f "$driver" ] || { echo "$driver is missing: dotnet build -c Release bench/Grains.Bench" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] B7: $*" >&2; }

export DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple
export Gateway__ApiKeys__0=$key Orleans__ServiceId=$service Gateway__AuthorizationPages__PermitsPerMinute=0
export WeChat__ApiBaseUrl=$sandbox WeChat__PortalBaseUrl=$sandbox WeChat__MobilePortalBaseUrl=$sandbox
export WeChat__Components__0__AppId=$component WeChat__Components__0__AppSecret=sandbox-demo-component-secret
export WeChat__Components__0__Token=sandboxdemotoken WeChat__Components__0__EncodingAESKey=SandboxDemoEncodingAESKey000000000000000000

start_postgres "$work" 55577
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p 55577 -U postgres -d postgres -At -v ON_ERROR_STOP=1 "$@"; }
start_group "$work/sandbox.log" dotnet "$driver" b7 sandbox "$sandbox_port" "$gateway" "$prefix" "$accounts" "$audit_seconds"
wait_ready "$sandbox/sandbox/api/calls?api=none" 120
start_silos "$work" 2 5740
start_client_gateway "$work" 5761
curl -fs -o /dev/null -X POST "$sandbox/sandbox/api/components/$component/ticket" || true
wait_for "$gateway/api/components/$component/token" "Authorization: Bearer $key"

log "authorizing $accounts mini programs, $concurrency at a time"
dotnet "$driver" b5 authorize "$gateway" "$sandbox" "$component" "$prefix" 0 "$accounts" "$concurrency" >"$work/authorize.out"

log "campaign across $accounts mini programs, audits of $audit_seconds s"
load_mark campaign before
status=0
dotnet "$driver" b7 campaign "$gateway" "$key" "$component" "$sandbox" "$prefix" "$accounts" "$timeout" >"$work/campaign.out" || status=$?
load_mark campaign after
cat "$work/campaign.out" >&2
val() { grep -h "^$1=" "$work/campaign.out" | tail -n 1 | cut -d= -f2-; }
[ "$status" = 0 ] || { echo "the campaign did not finish: $(val status), $(val released) released" >&2; exit 1; }

campaign_bytes=$(psql_ -c "SELECT pg_total_relation_size('release_campaigns') + pg_total_relation_size('release_campaign_accounts') + pg_total_relation_size('release_campaign_counts')")
peak_mib=0
for pid in "${silo_pids[@]}"; do
  hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
  [ "$hwm" -gt "$peak_mib" ] && peak_mib=$hwm
done

echo "## B7: a release campaign across $(printf "%'d" "$accounts") mini programs"
echo
echo "PostgreSQL 15 (defaults), two silos and a client-only gateway, the WeChat sandbox in a process of its own"
echo "(\`Grains.Bench b7 sandbox\`) approving every review ${audit_seconds} s after submit_audit; the campaign's defaults"
echo "(\`Campaigns:CallsPerSecond\` 10, \`WaveSize\` 50). Authorized through the callback route first, then one campaign naming every account."
echo
echo "| measure | value |"
echo "|---|---|"
echo "| wall time, start to \`done\` | $(val wall_seconds) s |"
echo "| released | $(val released) of $accounts |"
echo "| WeChat calls per account (commit, submit_audit, release, queryquota, get_latest_auditstatus) | $(val calls_per_account) ($(val calls_wxa_commit), $(val calls_wxa_submit_audit), $(val calls_wxa_release), $(val calls_wxa_queryquota), $(val calls_wxa_get_latest_auditstatus)) |"
echo "| database bytes per campaign account (campaign tables with their indexes) | $(awk -v b="$campaign_bytes" -v n="$accounts" 'BEGIN { printf "%.0f", b / n }') |"
echo "| peak silo memory (VmHWM, the larger of two) | ${peak_mib} MiB |"
echo
load_summary
