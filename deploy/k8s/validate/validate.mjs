// Validates rendered Kubernetes manifests: every object against the Kubernetes OpenAPI schemas (the
// kubernetes-models validators), then against the platform's policy. Usage: node validate.mjs <file.yaml>...
// Exits 1 and lists every problem when anything fails.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { policyProblems } from "./policy.mjs";

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`;
  try {
    const module = await import(`kubernetes-models/${path === "v1" ? "v1" : path}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

const problems = [];
let objects = 0;
for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  const manifests = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      problems.push(`${file}: YAML: ${document.errors[0].message}`);
      continue;
    }

    const manifest = document.toJS();
    if (manifest === null) continue;
    manifests.push(manifest);
    objects++;
    const name = `${file}: ${manifest.kind}/${manifest.metadata?.name}`;
    const Model = await modelFor(manifest.apiVersion ?? "", manifest.kind ?? "");
    if (!Model) {
      problems.push(`${name}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      continue;
    }

    try {
      new Model(manifest).validate();
    } catch (error) {
      problems.push(`${name}: schema: ${error.message}`);
    }
  }

  for (const problem of policyProblems(manifests)) {
    problems.push(`${file}: ${problem}`);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`${problems.length} problem(s) in ${objects} object(s)`);
  process.exit(1);
}

console.log(`${objects} object(s) valid against the Kubernetes schemas and the policy`);
