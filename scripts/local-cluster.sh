#!/usr/bin/env bash
# A PostgreSQL-backed cluster on this machine: a throwaway PostgreSQL, the WeChat sandbox, three silos and a gateway,
# all on loopback, each serving Prometheus metrics, the members talking mutual TLS with certificates of a throwaway CA
# (in $WORK/tls), as production does. Ctrl+C stops everything. Logs go to $WORK/*.log.
#   scripts/local-cluster.sh            # gateway on http://localhost:5000, sandbox on http://localhost:5100
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=${WORK:-$(mktemp -d /tmp/wechat-cluster.XXXX)}
PG_PORT=${PG_PORT:-55432}
SILOS=${SILOS:-3}
if [ ! -x "$PG_BIN/initdb" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

for project in Silo Gateway Sandbox; do dotnet build -c Release "src/$project" 2>&1 | tail -n 1; done

# PostgreSQL refuses to run as root; run it as the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$WORK" && chmod 777 "$WORK"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" -l "$WORK/postgres.log" -w start >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null || true
}
trap cleanup EXIT INT TERM

export ConnectionStrings__Orleans="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export Storage__EncryptionKeys__0__Id=local
export Storage__EncryptionKeys__0__Key=${STORAGE_KEY:-$(openssl rand -base64 32)}
export WeChat__ApiBaseUrl=http://localhost:5100 WeChat__PortalBaseUrl=http://localhost:5100 WeChat__MobilePortalBaseUrl=http://localhost:5100
export WeChat__Components__0__AppId=wx5a4db0c0de000001
export WeChat__Components__0__AppSecret=sandbox-demo-component-secret
export WeChat__Components__0__Token=sandboxdemotoken
export WeChat__Components__0__EncodingAESKey=SandboxDemoEncodingAESKey000000000000000000
export Gateway__ApiKeys__0=${API_KEY:-local-cluster-key}

# Mutual TLS between silos and from the gateway to the silos: one CA, a certificate for the silos, one for the gateway.
scripts/cluster-certificates.sh "$WORK/tls" silo gateway >/dev/null
export Orleans__Tls__CaPath="$WORK/tls/ca.crt"
export Orleans__Tls__CertificatePath="$WORK/tls/silo.crt" Orleans__Tls__KeyPath="$WORK/tls/silo.key"

dotnet src/Silo/bin/Release/net10.0/Silo.dll migrate

dotnet src/Sandbox/bin/Release/net10.0/Sandbox.dll --urls http://localhost:5100 > "$WORK/sandbox.log" 2>&1 & pids+=($!)
for i in $(seq 1 "$SILOS"); do
  dotnet src/Silo/bin/Release/net10.0/Silo.dll --urls "http://localhost:$((5200 + i))" \
    --Orleans:AdvertisedIP 127.0.0.1 --Orleans:SiloPort $((11110 + i)) --Orleans:GatewayPort $((30000 + i)) \
    --Orleans:SiloName "silo$i" --Telemetry:Prometheus:Enabled true --Telemetry:Prometheus:Port $((9470 + i)) \
    > "$WORK/silo$i.log" 2>&1 & pids+=($!)
done
# The gateway gets its own certificate, and not the storage keys: only silos read and write grain state.
env -u Storage__EncryptionKeys__0__Id -u Storage__EncryptionKeys__0__Key \
  Orleans__Tls__CertificatePath="$WORK/tls/gateway.crt" Orleans__Tls__KeyPath="$WORK/tls/gateway.key" \
  dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --urls http://localhost:5000 \
  --Telemetry:Prometheus:Enabled true --Telemetry:Prometheus:Port 9470 > "$WORK/gateway.log" 2>&1 & pids+=($!)

echo "Cluster starting (logs in $WORK):"
echo "  gateway   http://localhost:5000/status   (API key: $Gateway__ApiKeys__0)"
echo "  authorize http://localhost:5000/wechat/wx5a4db0c0de000001/authorize"
echo "  sandbox   http://localhost:5100/sandbox"
echo "  silos     http://localhost:5201/health/ready ... 520$SILOS   (mutual TLS, CA $WORK/tls/ca.crt)"
echo "  metrics   http://localhost:9470/metrics (gateway), 9471 ... 947$SILOS (silos): scripts/local-prometheus.sh scrapes them"
wait -n "${pids[@]}"
