#!/usr/bin/env bash
# Prometheus for scripts/local-cluster.sh: scrapes the gateway (port 9470) and the silos (9471 ...) every 15 s and
# evaluates the platform's alert rules (the spec of deploy/observability/prometheus-rule.yaml). Its pages are on
# http://localhost:9090 (Alerts, Graph). Installs Debian's prometheus when missing. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

SILOS=${SILOS:-3}
WORK=${WORK:-$(mktemp -d /tmp/wechat-prometheus.XXXX)}
if ! command -v prometheus >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

# The PrometheusRule's spec, de-indented, is a plain rules file.
sed -n '/^spec:/,$p' deploy/observability/prometheus-rule.yaml | tail -n +2 | sed 's/^  //' > "$WORK/rules.yaml"
silos=$(seq -s, -f '"localhost:%g"' $((9470 + 1)) $((9470 + SILOS)))
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - rules.yaml
scrape_configs:
  - job_name: wechat-platform-gateway
    static_configs:
      - targets: ["localhost:9470"]
  - job_name: wechat-platform-silo
    static_configs:
      - targets: [$silos]
YAML
promtool check config "$WORK/prometheus.yml" >/dev/null
echo "Prometheus on http://localhost:9090 (data and config in $WORK)"
exec prometheus --config.file "$WORK/prometheus.yml" --storage.tsdb.path "$WORK/data" \
  --web.listen-address 127.0.0.1:9090 --log.level warn
