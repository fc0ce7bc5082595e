# B5's idle mode (B5_IDLE_SECONDS > 0), sourced by b5-cluster.sh after the listing, in place of watching token
# lifetimes: the tokens must outlive the run (B5_LIFETIME), so nothing comes due. The accounts' grains are left to
# deactivate (AuthorizerGrain's CollectionAgeLimit, 5 min, and Orleans' collection pass after it; B5_IDLE_SETTLE
# seconds from the last authorization), then the idle cluster is measured: CPU over B5_IDLE_SECONDS, reminder ticks and
# refreshes in that window (token_activity), and each silo's RSS and live managed heap before and after.
idle_settle="${B5_IDLE_SETTLE:-480}"
gcdump="${DOTNET_GCDUMP:-$HOME/.dotnet/tools/dotnet-gcdump}"
counters="${DOTNET_COUNTERS:-$HOME/.dotnet/tools/dotnet-counters}"

# The live managed heap of a process in MiB: dotnet-gcdump forces a full blocking collection, and dotnet-counters reads
# that collection's heap size (the gcdump's own total may drop objects of a large heap). "n/a" without the tools
# (dotnet tool install -g dotnet-gcdump dotnet-counters).
live_heap_mib() { # pid
  if [ ! -x "$gcdump" ] || [ ! -x "$counters" ]; then echo n/a; return; fi
  local csv="$work/counters-$1-$(date +%s).csv"
  "$gcdump" collect -p "$1" -o "$work/heap-$1.gcdump" >/dev/null 2>&1 || { echo n/a; return; }
  timeout 60 "$counters" collect -p "$1" --counters System.Runtime --refresh-interval 1 --format csv -o "$csv" \
    --duration 00:00:00:03 >/dev/null 2>&1 || true
  awk -F, '/last_collection.heap.size/ && !/fragmentation/ { split($3, g, "generation="); size[g[2]] = $NF }
    END { s = 0; for (k in size) s += size[k]; if (s > 0) printf "%d", s / 1048576; else printf "n/a" }' "$csv"
}
silo_memory() { # prints "rss MiB (both silos)|live heap MiB per silo, joined by +"
  local rss=0 heaps=() p
  for p in "${silo_pids[@]}"; do heaps+=("$(live_heap_mib "$p")"); rss=$((rss + $(rss_mib "$p"))); done
  echo "$rss|$(IFS=+; echo "${heaps[*]}")"
}

IFS='|' read -r rss_after_auth heap_after_auth < <(silo_memory)
idle_from=$(( (auth_end + idle_settle + 59) / 60 * 60 ))
idle_to=$(( idle_from + (idle + 59) / 60 * 60 ))
log "silos after the authorizations: RSS $rss_after_auth MiB, live heap $heap_after_auth MiB; idle window $(date -u -d @$idle_from +%H:%M)–$(date -u -d @$idle_to +%H:%M)"

sleep_until $idle_from
w0_silo=$(silo_ticks) w0_pg=$(pg_ticks) w0_gw=$(proc_ticks $gateway_pid) w0_sb=$(proc_ticks $sandbox_pid)
sleep_until $idle_to
w1_silo=$(silo_ticks) w1_pg=$(pg_ticks) w1_gw=$(proc_ticks $gateway_pid) w1_sb=$(proc_ticks $sandbox_pid)
IFS='|' read -r rss_idle heap_idle < <(silo_memory)
log "silos idle: RSS $rss_idle MiB, live heap $heap_idle MiB"
sleep 12 # token_activity is flushed every 10 s
IFS='|' read -r idle_ticks idle_refreshes < <(psql_ "SELECT coalesce(sum(ticks),0), coalesce(sum(refreshes),0) FROM token_activity WHERE minute >= to_timestamp($idle_from) AND minute < to_timestamp($idle_to)")
