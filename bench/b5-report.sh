# B5's markdown section, sourced by b5-cluster.sh at the end of a run: the authorizations, the listing, then either the
# lifetimes watched or the idle cluster (B5_IDLE_SECONDS), the database, and the token reads over HTTP.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
if [ "$idle" -gt 0 ]; then win_from=$idle_from win_to=$idle_to; fi
win_seconds=$((win_to - win_from))
win_cpu_silo=$(calc %.1f "($w1_silo - $w0_silo) / $hz") win_cpu_pg=$(calc %.1f "($w1_pg - $w0_pg) / $hz")
win_cpu=$(calc %.1f "$win_cpu_silo + $win_cpu_pg")
if [ "$idle" = 0 ]; then
  win_journal_refreshes=$(val window_refreshes)
  cpu_per_refresh_ms=$(calc %.2f "$win_cpu * 1000 / ($win_journal_refreshes > 0 ? $win_journal_refreshes : 1)")
fi
prod_refreshes_per_hour=$(calc %.4f "3600 / (7200 - 900 + 150)")   # 2-hour tokens, RefreshBefore 15 min, jitter 5 min (defaults)
auth_cpu_ms=$(calc %.2f "(($cpu1_silo - $cpu0_silo) + ($cpu1_pg - $cpu0_pg)) * 1000 / $hz / $accounts")
echo "## B5: a PostgreSQL-backed cluster with $(printf "%'d" "$accounts") accounts"
echo
echo "Production mode on this machine: PostgreSQL 15 (Debian's binaries, default settings), \`Silo.dll migrate\`, two silo"
echo "processes, one client-only gateway process (\`ConnectionStrings:Orleans\` set) and the sandbox (\`src/Sandbox\`'s server in a"
echo "process of its own, \`Grains.Bench b5 sandbox\`, its accounts listed up front) with $((lifetime / 60))-minute authorizer tokens; \`Tokens\`: RefreshBefore ${refresh_before} s, RefreshJitter"
echo "${refresh_jitter} s, ReminderPeriod ${reminder_period} s, MinimumValidity ${minimum_validity} s (the brief's 60 s jitter fails the options' validation:"
echo "RefreshBefore − RefreshJitter − MinimumValidity must exceed ReminderPeriod). Accounts are authorized as WeChat's"
echo "redirect would: the sandbox's control API approves and hands out the auth_code, then \`GET /wechat/{c}/authorize/callback\`"
if [ "$idle" -gt 0 ]; then
  echo "on the gateway, ${concurrency} at a time (\`Grains.Bench b5 authorize\`). Then nothing: no token comes due during the run, the"
  echo "accounts' grains deactivate once unused for 5 minutes, and the idle cluster is measured over whole minutes from"
  echo "${idle_settle} s after the last authorization: process CPU from /proc of both silos and all PostgreSQL processes, reminder"
  echo "ticks, and each silo's live managed heap after a full collection (forced by \`dotnet-gcdump\`, read by \`dotnet-counters\`)."
else
  echo "on the gateway, ${concurrency} at a time (\`Grains.Bench b5 authorize\`). Then ${watched} token lifetimes are watched with 4 readers"
  echo "(20 ms apart each) asking the gateway for random accounts' tokens. CPU is process CPU from /proc of both silos and"
  echo "all PostgreSQL processes, over the steady window (whole minutes from a minute after the last authorization to the"
  echo "end of the last lifetime watched). Verdicts come from the sandbox's journal as in B3."
fi
echo "Comparisons below are side by side in this one run; the machine's load is under the tables."
echo
echo "| measure | value |"
echo "|---|---|"
echo "| authorizations | $(printf "%'d" "$accounts") in $(val auth_seconds) s, $(val auth_rate)/s overall, $(val auth_failures) failed (callback p50 $(val auth_p50) ms, p99 $(val auth_p99) ms) |"
echo "| authorizations/s, first tenth / last tenth | $(val auth_first) / $(val auth_last) = $(calc %.2fx "$(val auth_last) / $(val auth_first)") (target ≥ 0.8x); all tenths: $(val auth_tenths) |"
echo "| cluster CPU (silos + PostgreSQL) per authorization | ${auth_cpu_ms} ms |"
echo "| listing, page of 100 after a random cursor, at $(printf "%'d" "$accounts") accounts | p50 $(val list_p50) ms, p99 $(val list_p99) ms, max $(val list_max) ms over $(val list_requests) requests (target p99 < 50 ms); with \`status=authorized\`: p50 $(val list_status_p50) ms, p99 $(val list_status_p99) ms; $(val list_wrong) wrong pages or totals |"
echo "| listing, first page of 100 (with its \`X-Total-Count\`), at $(printf "%'d" "$accounts") accounts | p50 $(val list_first_p50) ms, p99 $(val list_first_p99) ms over $(val list_requests) requests (target p99 < 50 ms); with \`status=authorized\`: p50 $(val list_first_status_p50) ms, p99 $(val list_first_status_p99) ms |"
if [ "$idle" -gt 0 ]; then
  echo "| silo memory right after the authorizations (RSS of both; live managed heap per silo) | ${rss_after_auth} MiB = $(calc %.0f "$rss_after_auth * 1048576 / $accounts") bytes per account; ${heap_after_auth} MiB |"
  echo "| silo memory idle, $(( (idle_to - auth_end) / 60 )) min after the last authorization (RSS of both; live managed heap per silo) | ${rss_idle} MiB = $(calc %.0f "$rss_idle * 1048576 / $accounts") bytes per account; ${heap_idle} MiB |"
  echo "| idle window | ${win_seconds} s: ${idle_ticks} reminder ticks, ${idle_refreshes} refreshes (\`token_activity\`); CPU silos ${win_cpu_silo} s + PostgreSQL ${win_cpu_pg} s = $(calc %.1f "$win_cpu * 100 / $win_seconds")% of one core (gateway $(calc %.1f "($w1_gw - $w0_gw) / $hz") s and sandbox $(calc %.1f "($w1_sb - $w0_sb) / $hz") s besides) |"
  echo "| CPU per idle account-hour (silos + PostgreSQL, no refresh due) | $(calc %.3f "$win_cpu * 1000 / $accounts / ($win_seconds / 3600)") ms (a refresh, one per $(calc %.2f "1 / $prod_refreshes_per_hour") h per account at the defaults, costs what B5's watched lifetimes measure) |"
else
  echo "| refreshes / tokens that came due (whole run) | $(val judge_refreshes) / $(val judge_came_due) = $(calc %.2f "$(val judge_refreshes) / ($(val judge_came_due) > 0 ? $(val judge_came_due) : 1)") ($(val judge_doubled) early, $(val judge_missed) missed; token age at refresh $(val judge_min_age)–$(val judge_max_age) s; $(val judge_failed_calls) failed token calls) |"
  echo "| tokens handed out expired / with under 60 s left | $(val reads_expired) / $(val reads_below_minimum) of $(val reads) reads, $(val reads_failed) failed (least time left seen: $(val reads_min_left) s) |"
  echo "| reminder ticks per token lifetime (\`token_activity\`: ticks / refreshes) | whole run: ${all_ticks} / ${all_refreshes} = $(calc %.2f "$all_ticks / ($all_refreshes > 0 ? $all_refreshes : 1)"); steady window: ${win_ticks} / ${win_refreshes} = $(calc %.2f "$win_ticks / ($win_refreshes > 0 ? $win_refreshes : 1)") (target ≤ 1.1); ${all_failures} failures |"
  echo "| steady window | ${win_seconds} s, ${win_journal_refreshes} refreshes (journal), $(calc %.1f "$win_journal_refreshes / $win_seconds")/s; CPU silos ${win_cpu_silo} s + PostgreSQL ${win_cpu_pg} s = $(calc %.0f "$win_cpu * 100 / $win_seconds")% of one core (gateway $(calc %.1f "($w1_gw - $w0_gw) / $hz") s and sandbox $(calc %.1f "($w1_sb - $w0_sb) / $hz") s besides) |"
  echo "| CPU per refresh (silos + PostgreSQL, its tick and the readers' share included) | ${cpu_per_refresh_ms} ms |"
  echo "| CPU per idle account-hour | here ($((lifetime / 60))-min tokens): $(calc %.1f "$win_cpu * 1000 / $accounts / ($win_seconds / 3600)") ms; with 2-hour tokens (one refresh per $(calc %.2f "1 / $prod_refreshes_per_hour") h at the defaults): $(calc %.2f "$cpu_per_refresh_ms * $prod_refreshes_per_hour") ms |"
  echo "| silo memory (RSS of both, all accounts active) | ${rss_silos} MiB = $(calc %.0f "$rss_silos * 1048576 / $accounts") bytes per account |"
fi
echo "| database bytes per account (\`pg_database_size\` / N, target < 2 KB) | $(calc %.0f "$db_bytes / $accounts") bytes ($(calc %.0f "$db_bytes / 1048576") MiB) |"
while IFS='|' read -r table size live dead; do
  [ "$size" -ge 65536 ] && echo "| … \`$table\` (\`pg_total_relation_size\` / N; live / dead rows) | $(calc %.0f "$size / $accounts") bytes ($(printf "%'d" "$live") / $(printf "%'d" "$dead")) |"
done <"$work/tables"
echo
echo "Token reads over HTTP, wrk, ${wrk_connections} connections, ${wrk_seconds} s per run (${bench_pinning}), requests spread over 10,000 of the accounts,"
echo "B1's constant endpoint (\`bench/HttpComparators\`) and the client-only gateway alternately, $wrk_rounds rounds after $wrk_warmup alternated warm-up runs of 10 s each: medians over the rounds, ratios the"
echo "median of each round's ratio (every round's p99 ratio beside it)."
if [ "$idle" -gt 0 ]; then echo "No refresh is due meanwhile: the production topology's read ratio."; else echo "The refreshes above go on meanwhile."; fi
echo
python3 "$root/bench/wrk/rounds.py" <"$work/wrk"
echo
echo "Target: gateway ≥ 0.85x the constant endpoint's requests/s, p99 within 1.5x of its p99 (#21)."
echo
load_summary
# The raw figures behind the section, for a later look (stderr).
{
  echo "b5_raw accounts=$accounts auth_cpu_ms=$auth_cpu_ms cpu_per_refresh_ms=${cpu_per_refresh_ms:-} win_cpu=$win_cpu win_seconds=$win_seconds db_bytes=$db_bytes rss_silos=${rss_silos:-${rss_idle:-}}"
  cat "$work/tables"
} >&2
