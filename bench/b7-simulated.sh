#!/usr/bin/env bash
# B7 on a simulated clock: one release campaign across N sandbox mini programs in one process (`Grains.Bench b7sim`):
# an in-process cluster of two silos, the WeChat sandbox and the platform's message URL, all on one fake clock moved a
# step at a time while the real work of each step drains. Reviews take B7SIM_AUDIT_HOURS of that clock and the campaign
# may submit a third of N a day (audits_per_day), so the wave waits for the next Beijing day twice. Run twice: as is,
# and with every silo killed once half the accounts are released (grain state, reminders, campaign rows and the
# authorizer index are kept outside the silos, as PostgreSQL keeps them). Prints a markdown section. Builds nothing.
# Database bytes per campaign account come from the real-clock B7 (bench/b7-campaign.sh).
# Environment: B7SIM_ACCOUNTS (10000), B7SIM_AUDIT_HOURS (3). `--force`: see bench/load.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
load_options "$@"

accounts="${B7SIM_ACCOUNTS:-10000}"
audit_hours="${B7SIM_AUDIT_HOURS:-3}"
work="$(mktemp -d /tmp/b7-simulated.XXXX)"
trap 'rm -rf "$work" "$bench_load_log"' EXIT
load_gate B7sim
driver="$(bin bench/Grains.Bench)"
[ -f "$driver" ] || { echo "$driver is missing: dotnet build -c Release bench/Grains.Bench" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] B7sim: $*" >&2; }

log "campaign across $accounts mini programs, audits of $audit_hours h"
# A run that released an account twice, or not at all, still prints its rows; the script fails at the end.
status=0
load_mark steady before
dotnet "$driver" b7sim "$accounts" "$audit_hours" >"$work/steady.out" || status=$?
load_mark steady after
log "the same, every silo killed once half are released"
load_mark killed before
dotnet "$driver" b7sim "$accounts" "$audit_hours" --kill >"$work/killed.out" || status=$?
load_mark killed after

echo "## B7 on a simulated clock: a release campaign across $(printf "%'d" "$accounts") mini programs"
echo
echo "One process (\`Grains.Bench b7sim\`): two in-process silos, the WeChat sandbox and the platform's message URL on one"
echo "fake clock; reviews approved ${audit_hours} h after submit_audit and pushed as audit events; \`audits_per_day\` a third"
echo "of the accounts; the campaign's defaults (\`Campaigns:CallsPerSecond\` 10, \`WaveSize\` 50). Grain state, reminders,"
echo "campaign rows and the authorizer index in memory outside the silos. Tokens live 30 days, so no refresh is counted."
echo "Database bytes per campaign account are the real-clock B7's (bench/b7-campaign.sh, PostgreSQL): 946 at 2,000 accounts."
echo
echo "| measure | value |"
echo "|---|---|"
cat "$work/steady.out" "$work/killed.out"
echo
load_summary
[ "$status" = 0 ] || { echo "B7sim: not every account was released with each step exactly once (see the rows above)" >&2; exit 1; }
