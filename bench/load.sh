# Trusted ratios, sourced by common.sh (so by every bench script): a ratio measured while something else held the
# cores says nothing about the product. Each script calls load_gate before it starts anything, load_mark before and
# after each measured run, and load_summary under its table.
#
# load_gate waits (BENCH_LOAD_WAIT seconds, 180 by default: the 1-minute average decays by e in a minute) for the
# 1-minute load average to fall to BENCH_LOAD_MAX (1.0 by default, for a 2-core machine) or below; if it does not,
# it prints a refusal and exits 3, unless the script was given --force (or BENCH_FORCE=1, which run.sh passes on),
# in which case the results carry a warning. The gate reads the machine before the script starts its own processes;
# within a run the script's own load counts (wrk, gateway, database), which is why each run's before/after is printed.
bench_load_max="${BENCH_LOAD_MAX:-1.0}"
bench_load_wait="${BENCH_LOAD_WAIT:-180}"
bench_load_log="$(mktemp /tmp/bench-load.XXXX)"
bench_load_forced_at=

load_now() { cut -d' ' -f1 /proc/loadavg; }
load_above() { awk -v l="$1" -v m="$bench_load_max" 'BEGIN { exit !(l > m) }'; }

# Takes the script's arguments: --force is the only one.
load_options() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --force) export BENCH_FORCE=1 ;;
      *) echo "unknown argument: $arg (the only one is --force; settings are environment variables)" >&2; exit 2 ;;
    esac
  done
}

load_gate() { # name
  local load waited=0
  load=$(load_now)
  while load_above "$load" && [ "$waited" -lt "$bench_load_wait" ]; do
    [ "$waited" = 0 ] && echo "$1: load average $load above $bench_load_max; waiting up to ${bench_load_wait} s for the machine to settle" >&2
    sleep 5
    waited=$((waited + 5))
    load=$(load_now)
  done
  echo "gate $load" >>"$bench_load_log"
  load_above "$load" || return 0
  if [ "${BENCH_FORCE:-0}" = 1 ]; then
    bench_load_forced_at=$load
    echo "$1: load average $load above $bench_load_max, going on (--force): its ratios are not to be trusted" >&2
    return 0
  fi
  local refusal="$1: refused: the 1-minute load average is $load (above BENCH_LOAD_MAX=$bench_load_max after waiting ${bench_load_wait} s); something else is using the cores, so no ratio measured now can be trusted. Run it on an idle machine, or pass --force to measure anyway."
  echo "$refusal" >&2
  echo "$refusal"
  exit 3
}

load_mark() { # label before|after
  echo "$1 $2 $(load_now)" >>"$bench_load_log"
}

# One line of markdown: the gate's reading and, per label, the last (reported) run's 1-minute load average before → after.
load_summary() {
  awk -v cores="$(nproc)" -v max="$bench_load_max" -v forced="$bench_load_forced_at" '
    $1 == "gate" { gate = $2; next }
    $2 == "before" { if (!($1 in before)) order[n++] = $1; before[$1] = $3; next }
    $2 == "after" { after[$1] = $3 }
    END {
      line = "Load average (1 min) before the script started: " gate " (gate " max ", " cores " cores); before → after each reported run:"
      for (i = 0; i < n; i++) line = line (i ? "," : "") " " order[i] " " before[order[i]] " → " after[order[i]]
      print line "."
      if (forced != "") print "\n**Forced (--force) on a busy machine (load " forced "): the ratios above are not to be trusted.**"
    }' "$bench_load_log"
}
