#!/usr/bin/env bash
# Runs the solution's tests on a fresh machine: installs what the tests need, builds, then `dotnet test`.
#   ./scripts/test.sh          every tier (what CI runs)
#   ./scripts/test.sh --fast   the fast tier: in process only, no PostgreSQL, no browser (the inner loop)
# Tiers are xunit traits (tests/TestSupport/Tier.cs).
set -euo pipefail
cd "$(dirname "$0")/.."

tier=all
case "${1:-}" in
  --fast) tier=fast ;;
  "") ;;
  *) echo "usage: $0 [--fast]" >&2; exit 2 ;;
esac

if [ "$tier" = all ]; then
  # The browser tests drive Debian's Chromium (with a CJK font for the pages); install them when missing (root, as on CI).
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi"; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
  fi

  # The cluster tests start a throwaway PostgreSQL 15 from Debian's binaries (or use TEST_POSTGRES when set).
  if [ -z "${TEST_POSTGRES:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  fi
fi

# The alert-rule tests run promtool, from Debian's prometheus package.
if ! command -v promtool >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

results="$(mktemp -d)"
log="$results/test.log"
trap 'rm -rf "$results"' EXIT

rm -f tests/Cluster.Tests/bin/Release/net10.0/TestResults/cluster-report.txt
rm -f tests/Gateway.Tests/bin/Release/net10.0/TestResults/fuzz-report.txt
started=$SECONDS
dotnet build -c Release -warnaserror 2>&1 | tail -n 3
built=$SECONDS
run_tests() {
  dotnet test -c Release --no-build --report-xunit-trx --results-directory "$results" "$@" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}
set +e
if [ "$tier" = fast ]; then
  # What is tagged fast and no slower tier.
  run_tests --filter-trait "Tier=fast" --filter-not-trait "Tier=cluster" --filter-not-trait "Tier=browser" --ignore-exit-code 8
  status=$?
else
  # Every other tier first, test projects side by side; then the cluster tier on its own. Its tests time failovers and
  # outages across six processes against deadlines, and on CI's two cores they must not share them with the other
  # test projects (that is where they flaked). A project with no test of a run's tier runs none (exit code 8).
  run_tests --filter-not-trait "Tier=cluster" --ignore-exit-code 8
  status=$?
  run_tests --filter-trait "Tier=cluster" --ignore-exit-code 8
  cluster_status=$?
  [ "$status" -eq 0 ] && status=$cluster_status
fi
set -e

# What the cluster tests measured (longest run of failed reads after kill -9, reads while PostgreSQL was down).
cat tests/Cluster.Tests/bin/Release/net10.0/TestResults/cluster-report.txt 2>/dev/null || true
# What the callback fuzzing sent, per category and status.
cat tests/Gateway.Tests/bin/Release/net10.0/TestResults/fuzz-report.txt 2>/dev/null || true

# The slowest tests of this run, from the TRX report each test project wrote. awk keeps the first ten and reads the
# rest: with `head`, sort dies of SIGPIPE once its output outgrows a pipe, and pipefail would end the script here.
echo "slowest tests:"
cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*>' \
  | sed -E 's/.*testName="([^"]*)".*duration="([^"]*)".*/\2 \1/; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' \
  | sort -r \
  | awk 'NR <= 10 { split($1, t, ":"); printf "  %7.1f s  %s\n", t[1] * 3600 + t[2] * 60 + t[3], substr($0, length($1) + 2) }' || true
echo "tier: ${tier}; build $((built - started)) s, tests $((SECONDS - built)) s"

# A plain closing line that any CI reader understands.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ $((passed + failed)) -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
