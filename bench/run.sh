#!/usr/bin/env bash
# Builds in Release, runs the benchmarks on this machine and writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

authorizers="${AUTHORIZERS:-10000}"
seconds="${SECONDS_PER_RUN:-10}"
concurrency="${CONCURRENCY:-64}"
out=bench/RESULTS.md

dotnet build bench/Grains.Bench -c Release -warnaserror 2>&1 | tail -n 2
grains=$(dotnet run -c Release --no-build --project bench/Grains.Bench -- "$authorizers" "$seconds" "$concurrency" | grep '^|')

{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
  echo "- .NET: $(dotnet --version)"
  echo "- command: \`AUTHORIZERS=$authorizers SECONDS_PER_RUN=$seconds CONCURRENCY=$concurrency bench/run.sh\`"
  echo
  echo "## B2: token reads through an Orleans client, and the memory of ${authorizers} authorizers"
  echo
  echo "One in-process silo, the Orleans client on loopback TCP, ${concurrency} concurrent callers. The comparator is a"
  echo "grain returning a constant token of the same size: the limit of an Orleans call of this shape on this machine."
  echo "Both runs alternate twice in one process; the second round is reported."
  echo
  echo "$grains"
} > "$out"
cat "$out"
