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

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build -c Release -warnaserror 2>&1 | tail -n 3
set +e
dotnet test -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# A plain closing line that any CI reader understands.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
