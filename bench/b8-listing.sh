#!/usr/bin/env bash
# B8: listing a platform of a million accounts, without the WeChat flow that would take hours to authorize them. A
# throwaway PostgreSQL 15 gets the project's migrations (`Silo migrate`), then B8_ACCOUNTS index rows written straight
# into authorizer_index by one INSERT ... SELECT generate_series, and the counters the triggers would have kept
# (authorizer_counts, authorizer_token_expiries) computed from those rows as the migrations compute them for an existing
# database. Then a silo and a client-only gateway, and wrk against the first page (with its X-Total-Count), a page from
# the middle (after a cursor) and the first page of `status=authorized`. Prints a markdown section.
# Environment: B8_ACCOUNTS (1000000), B8_SECONDS (10 per page), B8_CONNECTIONS (4). `--force`: see bench/load.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/pg-cluster.sh"
load_options "$@"

accounts="${B8_ACCOUNTS:-1000000}"
seconds="${B8_SECONDS:-10}"
connections="${B8_CONNECTIONS:-4}"
prefix=wxb8acc0
service=b8-listing
gateway=http://127.0.0.1:5731
key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d /tmp/b8-listing.XXXX)"
bench_name=b8
trap 'stop_started; stop_postgres; rm -rf "$work" "$bench_load_log"' EXIT
trap 'exit 130' INT TERM
ensure_packages wrk:wrk curl:curl
load_gate B8

export DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple
export Gateway__ApiKeys__0=$key Orleans__ServiceId=$service
export WeChat__ApiBaseUrl=http://127.0.0.1:9 WeChat__PortalBaseUrl=http://127.0.0.1:9 WeChat__MobilePortalBaseUrl=http://127.0.0.1:9
export WeChat__Components__0__AppId=$component WeChat__Components__0__AppSecret=sandbox-demo-component-secret
export WeChat__Components__0__Token=sandboxdemotoken WeChat__Components__0__EncodingAESKey=SandboxDemoEncodingAESKey000000000000000000

start_postgres "$work" 55572
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p 55572 -U postgres -d postgres -At -v ON_ERROR_STOP=1 "$@"; }
"$(copy_app "$work" src/Silo b8migrate)" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }

# One account in 20 revoked; tokens expiring over the next two hours; the rows as a grain writes them (appid, status,
# permission sets, expiry, profile, timestamps). The triggers are off for the load and the counters filled after it
# from the rows, in the same transaction: per-row triggers would update the same 16 counter rows a million times.
seed_started=$(date +%s.%N)
psql_ -v service="$service" -v component="$component" -v prefix="$prefix" -v n="$accounts" >"$work/seed.log" <<'SQL'
BEGIN;
ALTER TABLE authorizer_index DISABLE TRIGGER USER;
INSERT INTO authorizer_index (service_id, component_appid, authorizer_appid, status, permission_sets, token_expires_at,
                              nick_name, user_name, is_mini_program, last_problem, authorized_at, updated_at)
SELECT :'service', :'component', :'prefix' || lpad(i::text, 10, '0'), CASE WHEN i % 20 = 0 THEN 1 ELSE 0 END, '{1,2,17}',
       CASE WHEN i % 20 = 0 THEN NULL ELSE now() + (i % 7200) * interval '1 second' END,
       'bench ' || i, 'gh_b8' || i, i % 3 = 0, NULL, now() - interval '1 day', now()
FROM generate_series(0, :n - 1) AS i;
ALTER TABLE authorizer_index ENABLE TRIGGER USER;
INSERT INTO authorizer_counts (service_id, component_appid, status, shard, accounts)
SELECT service_id, component_appid, status, authorizer_counts_shard(authorizer_appid), count(*)
FROM authorizer_index WHERE service_id = :'service' GROUP BY 1, 2, 3, 4;
INSERT INTO authorizer_token_expiries (service_id, component_appid, expiry_minute, shard, accounts)
SELECT service_id, component_appid, authorizer_token_expiry_minute(token_expires_at), authorizer_counts_shard(authorizer_appid), count(*)
FROM authorizer_index WHERE service_id = :'service' AND status = 0 GROUP BY 1, 2, 3, 4;
COMMIT;
VACUUM ANALYZE authorizer_index;
SQL
seed_seconds=$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
counted=$(psql_ -c "SELECT count(*) FROM authorizer_index WHERE service_id = '$service'")
[ "$counted" = "$accounts" ] || { echo "seeded $counted rows, not $accounts" >&2; exit 1; }
index_bytes=$(psql_ -c "SELECT pg_total_relation_size('authorizer_index')")

start_silos "$work" 1 5720
start_client_gateway "$work" 5731
auth="Authorization: Bearer $key"
base="$gateway/api/components/$component/authorizers"
middle=$(printf "%s%010d" "$prefix" $((accounts / 2)))
declare -A url=([first]="$base?limit=100" [middle]="$base?limit=100&after=$middle" [authorized]="$base?limit=100&status=authorized")

# Every page answers 100 accounts and the exact total before anything is measured.
total() { curl -fs -o "$work/page.json" -D - -H "$auth" "$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" { print $2 }'; }
first_total=$(total "${url[first]}")
authorized_total=$(total "${url[authorized]}")
total "${url[middle]}" >/dev/null
grep -q "\"$(printf "%s%010d" "$prefix" $((accounts / 2 + 1)))\"" "$work/page.json" || { echo "the middle page does not start after $middle" >&2; exit 1; }
[ "$first_total" = "$accounts" ] || { echo "X-Total-Count $first_total, not $accounts" >&2; exit 1; }
[ "$authorized_total" = "$((accounts - (accounts + 19) / 20))" ] || { echo "status=authorized total $authorized_total" >&2; exit 1; }

# wrk's latency distribution in ms: "50%" and "99%" lines, in us, ms or s.
percentile() { awk -v p="$1%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : 1) }' "$2"; }
run() { # page seconds
  load_mark "$1" before
  wrk -t1 -c"$connections" -d"$2"s --latency -H "$auth" "${url[$1]}" >"$work/$1.wrk"
  load_mark "$1" after
}
for page in first middle authorized; do run "$page" 3; done # warm-up
for page in first middle authorized; do run "$page" "$seconds"; done
cat "$work"/*.wrk >&2

echo "## B8: listing at $(printf "%'d" "$accounts") accounts"
echo
echo "PostgreSQL 15 (defaults) with the project's migrations and $(printf "%'d" "$accounts") index rows of one platform (one in 20"
echo "revoked) written by \`INSERT ... SELECT generate_series\` in ${seed_seconds} s, counters computed from the rows; one silo and a client-only"
echo "gateway. wrk, ${connections} connections, 1 thread, ${seconds} s per page, after a 3 s warm-up of each; pages of 100."
echo "\`authorizer_index\` with its indexes: $(awk -v b="$index_bytes" -v n="$accounts" 'BEGIN { printf "%.0f", b / n }') bytes per account."
echo
echo "| page | requests/s | p50 | p99 | X-Total-Count |"
echo "|---|---|---|---|---|"
declare -A name=([first]="first (\`?limit=100\`)" [middle]="middle (\`after=$middle\`)" [authorized]="first of \`status=authorized\`")
declare -A counts=([first]="$first_total" [middle]="$first_total" [authorized]="$authorized_total")
for page in first middle authorized; do
  rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$work/$page.wrk")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/$page.wrk" | tr -s ' ' | tr '\n' ';' || true)
  echo "| ${name[$page]} | $rps | $(percentile 50 "$work/$page.wrk") ms | $(percentile 99 "$work/$page.wrk") ms | ${counts[$page]}${errors:+ ($errors)} |"
done
echo
echo "Target: the first page as fast as any page, p99 under 50 ms."
echo
load_summary
