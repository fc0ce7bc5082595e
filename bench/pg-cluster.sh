# Production mode for a benchmark, sourced after common.sh: a throwaway PostgreSQL 15 (Debian's binaries, default
# settings, loopback only), `Silo migrate`, silo processes and a client-only gateway, all from copies of the Release
# builds under apphost names of their own (a rebuild or a cleanup by process name elsewhere on this shared machine
# cannot touch them). Everything is started with start_group; the caller's EXIT trap runs stop_started, then stop_postgres.
# The caller exports the product's settings (WeChat__*, Gateway__*, Logging__*) before start_silos.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_dir=

start_postgres() { # work port
  if [ ! -x "$PG_BIN/initdb" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  chmod 777 "$1"
  pg_dir="$1/pg"
  as_pg "$PG_BIN/initdb" -D "$pg_dir" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$pg_dir" -o "-p $2 -k $1 -c listen_addresses=127.0.0.1" -l "$1/postgres.log" -w start >/dev/null
  export ConnectionStrings__Orleans="Host=127.0.0.1;Port=$2;Username=postgres;Database=postgres"
  export Storage__EncryptionKeys__0__Id=bench Storage__EncryptionKeys__0__Key="$(openssl rand -base64 32)"
}

stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || as_pg "$PG_BIN/pg_ctl" -D "$pg_dir" -m immediate stop >/dev/null 2>&1 || true
}

# Copies a project's Release output to work/app/<name>/ with its apphost renamed <name>; prints the apphost's path.
copy_app() { # work project name
  [ -f "$(bin "$2")" ] || { echo "$(bin "$2") is missing: build in Release first (bench/run.sh does)" >&2; return 1; }
  mkdir -p "$1/app/$3" && cp -r "$(dirname "$(bin "$2")")/." "$1/app/$3/"
  mv "$1/app/$3/$(basename "$2")" "$1/app/$3/$3"
  echo "$1/app/$3/$3"
}

wait_ready() { # url seconds
  for _ in $(seq 1 $(($2 * 5))); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# Migrates the database, then starts N silos (HTTP on base+1.., silo ports 11000+base+i, gateways 30000+base+i) and
# waits until each is ready; sets silo_pids.
start_silos() { # work count base
  local exe; exe=$(copy_app "$1" src/Silo "${bench_name:-bench}node")
  "$exe" migrate >"$1/migrate.log" 2>&1 || { cat "$1/migrate.log" >&2; return 1; }
  silo_pids=()
  for i in $(seq 1 "$2"); do
    start_group "$1/silo$i.log" "$exe" --urls "http://127.0.0.1:$(($3 + i))" --Orleans:AdvertisedIP 127.0.0.1 \
      --Orleans:SiloPort $((11000 + $3 + i)) --Orleans:GatewayPort $((30000 + $3 + i)) --Orleans:SiloName "${bench_name:-bench}silo$i"
    silo_pids+=("$started_pid")
  done
  for i in $(seq 1 "$2"); do wait_ready "http://127.0.0.1:$(($3 + i))/health/ready" 180; done
}

# The gateway as a client of the cluster (ConnectionStrings__Orleans is exported); sets gateway_pid.
start_client_gateway() { # work port
  local exe; exe=$(copy_app "$1" src/Gateway "${bench_name:-bench}edge")
  start_group "$1/gateway.log" "${gateway_on[@]}" "$exe" --urls "http://127.0.0.1:$2"
  gateway_pid=$started_pid
  wait_ready "http://127.0.0.1:$2/health/ready" 180
}
