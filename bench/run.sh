#!/usr/bin/env bash
# Builds in Release, runs the benchmarks B1–B4 and B6 on this machine and writes their sections to bench/last-run.md (OUT);
# bench/RESULTS.md is the curated record of idle runs, copied from such sections.
# Environment: B1_SECONDS, B1_CONNECTIONS, B1_ACCOUNTS; AUTHORIZERS, SECONDS_PER_RUN, CONCURRENCY (B2);
# B3_AUTHORIZERS, B3_LIFETIMES (short or long: one of the two runs), B3_WATCH (lifetimes watched after the last
# authorization, 1.5); B4_SECONDS, B4_CONNECTIONS, B4_ACCOUNTS, B4_CLUSTER (bench/b4-callbacks.sh); B5_AUTHORIZERS and the
# others in bench/b5-cluster.sh; B6_SECONDS, B6_CONNECTIONS, B6_ACCOUNTS, B6_USERS (bench/b6-logins.sh).
# ONLY="b1 b4" runs a subset (the other sections are left out); B5 (a PostgreSQL-backed cluster, about an hour at
# 100,000 accounts) and B8 (listing at B8_ACCOUNTS, 1,000,000 by default) run only when ONLY names them. Each benchmark refuses to run on a busy machine (bench/load.sh);
# --force measures anyway, with a warning in the results. A refusal stops the run, but the sections already measured
# are still written to the output, with the refusal under them.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
load_options "$@"

only="${ONLY:-b1 b2 b3 b4 b6}"
authorizers="${AUTHORIZERS:-10000}"
seconds="${SECONDS_PER_RUN:-10}"
concurrency="${CONCURRENCY:-64}"
b3_authorizers="${B3_AUTHORIZERS:-10000}"
out="${OUT:-bench/last-run.md}"
sections="$(mktemp)"
measured=0

write_results() {
  {
    echo "# Benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
    echo "- .NET: $(dotnet --version)"
    echo "- command: \`ONLY=\"$only\" AUTHORIZERS=$authorizers SECONDS_PER_RUN=$seconds CONCURRENCY=$concurrency B3_AUTHORIZERS=$b3_authorizers${B5_AUTHORIZERS:+ B5_AUTHORIZERS=$B5_AUTHORIZERS} bench/run.sh\`"
    echo
    cat "$sections"
  } >"$out"
  cat "$out"
}

# Whatever ends the run (a refusal at a load gate exits 3), what was measured is written; with nothing measured, the
# previous results stay.
finish() {
  local status=$?
  if [ "$measured" = 1 ]; then
    [ "$status" = 0 ] || printf '\nThe run stopped here (exit %s); the sections above were measured.\n' "$status" >>"$sections"
    write_results
  fi
  rm -f "$sections" "$bench_load_log"
  exit "$status"
}
trap finish EXIT

# Each section run here reports its own gate and load readings only.
new_load_section() {
  : >"$bench_load_log"
  bench_load_forced_at=
}

dotnet build WeChatComponentPlatform.slnx -c Release -warnaserror 2>&1 | tail -n 2

if [[ " $only " == *" b1 "* ]]; then
  bash bench/b1-http.sh >>"$sections"
  echo >>"$sections"
  measured=1
fi

if [[ " $only " == *" b2 "* ]]; then
  new_load_section
  {
    load_gate B2
    echo "## B2: token reads through an Orleans client, and the memory of ${authorizers} authorizers"
    echo
    echo "One in-process silo, the Orleans client on loopback TCP, ${concurrency} concurrent callers. The comparator is a"
    echo "grain returning a constant token of the same size: the limit of an Orleans call of this shape on this machine."
    echo "Both runs alternate twice in one process; the second round is reported."
    echo
    load_mark B2 before
    dotnet "$(bin bench/Grains.Bench)" "$authorizers" "$seconds" "$concurrency" | grep '^|'
    load_mark B2 after
    echo
    load_summary
    echo
  } >>"$sections"
  measured=1
fi

if [[ " $only " == *" b3 "* ]]; then
  new_load_section
  {
    load_gate B3
    echo "## B3: refresh at scale"
    echo
    echo "${b3_authorizers} authorizers on one in-process silo (in-memory storage and reminders) against the sandbox over"
    echo "loopback HTTP. The sandbox, the grains and the reminder service share a simulated clock advanced a minute at a"
    echo "time once the previous minute's work is done, so hours of token life take minutes; every reminder tick, WeChat"
    echo "call and storage write is real, and an authorizer unused for 5 simulated minutes deactivates. Authorizations"
    echo "arrive evenly over the first lifetime, then the run goes on for ${B3_WATCH:-1.5} more; four readers ask for random"
    echo "tokens throughout. Verdicts come from the sandbox's journal: a token refreshed before lifetime − RefreshBefore is"
    echo "doubled, one still current past lifetime − 60 s missed."
    echo
    b3_log="$(mktemp)"
    load_mark B3 before
    if ! dotnet "$(bin bench/Grains.Bench)" refresh "$b3_authorizers" >"$b3_log" 2>&1; then
      echo "B3 did not finish; its last output:" >&2
      tail -n 20 "$b3_log" >&2
    fi
    load_mark B3 after
    grep '^|' "$b3_log" || true
    rm -f "$b3_log"
    echo
    load_summary
    echo
  } >>"$sections"
  measured=1
fi

if [[ " $only " == *" b4 "* ]]; then
  bash bench/b4-callbacks.sh >>"$sections"
  echo >>"$sections"
  measured=1
fi

if [[ " $only " == *" b5 "* ]]; then
  bash bench/b5-cluster.sh >>"$sections"
  echo >>"$sections"
  measured=1
fi

if [[ " $only " == *" b8 "* ]]; then
  bash bench/b8-listing.sh >>"$sections"
  echo >>"$sections"
  measured=1
fi

if [[ " $only " == *" b6 "* ]]; then
  bash bench/b6-logins.sh >>"$sections"
  echo >>"$sections"
  measured=1
fi
