#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs what the tests need, then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

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

# The alert-rule tests run promtool, from Debian's prometheus package.
if ! command -v promtool >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

rm -f tests/Cluster.Tests/bin/Release/net10.0/TestResults/cluster-report.txt
rm -f tests/Gateway.Tests/bin/Release/net10.0/TestResults/fuzz-report.txt
dotnet build -c Release -warnaserror 2>&1 | tail -n 3
set +e
dotnet test -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# What the cluster tests measured (longest run of failed reads after kill -9, reads while PostgreSQL was down).
cat tests/Cluster.Tests/bin/Release/net10.0/TestResults/cluster-report.txt 2>/dev/null || true
# What the callback fuzzing sent, per category and status.
cat tests/Gateway.Tests/bin/Release/net10.0/TestResults/fuzz-report.txt 2>/dev/null || true

# A plain closing line that any CI reader understands.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
