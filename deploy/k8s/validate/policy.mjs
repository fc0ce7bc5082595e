// The platform's deployment policy, checked on rendered manifests. Each rule says what it wants in its message.
const workloads = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
const longRunning = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

function podSpecOf(manifest) {
  if (manifest.kind === "CronJob") return manifest.spec?.jobTemplate?.spec?.template?.spec;
  return manifest.spec?.template?.spec;
}

function seconds(timeSpan) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)$/.exec(timeSpan ?? "");
  if (!match) return undefined;
  const [, days = "0", hours, minutes, secs] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(secs);
}

function imageProblem(image) {
  if (!image) return "has no image";
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.split("/").pop();
  if (!lastSegment.includes(":")) return `image ${image} has no tag (it would mean latest)`;
  if (lastSegment.endsWith(":latest")) return `image ${image} uses the latest tag`;
  return undefined;
}

// The Secrets a pod reads: env and envFrom, secret volumes and projected ones.
function secretsOf(pod) {
  const names = new Set();
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const source of container.envFrom ?? []) if (source.secretRef?.name) names.add(source.secretRef.name);
    for (const variable of container.env ?? []) if (variable.valueFrom?.secretKeyRef?.name) names.add(variable.valueFrom.secretKeyRef.name);
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.secret?.secretName) names.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) if (source.secret?.name) names.add(source.secret.name);
  }
  return names;
}

// A policy selecting every pod, for ingress and egress, allowing nothing: what is not allowed elsewhere is refused.
function isDefaultDeny(manifest) {
  const spec = manifest.spec ?? {};
  const selector = spec.podSelector ?? {};
  return manifest.kind === "NetworkPolicy"
    && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
    && ["Ingress", "Egress"].every((t) => (spec.policyTypes ?? []).includes(t))
    && (spec.ingress ?? []).length === 0 && (spec.egress ?? []).length === 0;
}

export function policyProblems(manifests) {
  const problems = [];
  const readers = new Map();
  for (const manifest of manifests) {
    const name = `${manifest.kind}/${manifest.metadata?.name}`;
    if (manifest.kind === "Secret") {
      problems.push(`${name}: secrets are created from the templates in deploy/k8s/secrets outside the repository, never rendered from them`);
    }

    if (workloads.has(manifest.kind)) {
      for (const secret of secretsOf(podSpecOf(manifest) ?? {})) readers.set(secret, [...(readers.get(secret) ?? []), name]);
    }

    if (!workloads.has(manifest.kind)) continue;
    const pod = podSpecOf(manifest) ?? {};
    const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
    for (const container of containers) {
      const where = `${name} container ${container.name}`;
      const security = container.securityContext ?? {};
      const image = imageProblem(container.image);
      if (image) problems.push(`${where}: ${image}`);
      if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) {
        problems.push(`${where}: needs resources.requests.cpu and resources.requests.memory`);
      }
      if (!container.resources?.limits?.memory) problems.push(`${where}: needs resources.limits.memory`);
      const runAsNonRoot = security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const runAsUser = security.runAsUser ?? pod.securityContext?.runAsUser;
      if (runAsNonRoot !== true || runAsUser === 0) problems.push(`${where}: must run as non-root (runAsNonRoot: true, runAsUser not 0)`);
      if (security.privileged === true || security.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: must set allowPrivilegeEscalation: false and not be privileged`);
      }
      if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: needs readOnlyRootFilesystem: true`);
      if (longRunning.has(manifest.kind) && (!container.readinessProbe || !container.livenessProbe)) {
        problems.push(`${where}: needs a readinessProbe and a livenessProbe`);
      }

      const shutdown = seconds(container.env?.find((e) => e.name === "Orleans__ShutdownTimeout")?.value);
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      if (shutdown !== undefined && shutdown >= grace) {
        problems.push(`${where}: Orleans__ShutdownTimeout (${shutdown} s) must be shorter than terminationGracePeriodSeconds (${grace} s)`);
      }
    }

    if (manifest.kind === "Deployment") {
      const rolling = manifest.spec?.strategy?.rollingUpdate;
      if (manifest.spec?.strategy?.type === "Recreate" || String(rolling?.maxUnavailable ?? "25%") !== "0") {
        problems.push(`${name}: rolling updates need maxUnavailable: 0`);
      }

      const labels = manifest.spec?.selector?.matchLabels ?? {};
      const budgeted = manifests.some((m) => m.kind === "PodDisruptionBudget"
        && Object.entries(m.spec?.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
        && Object.keys(m.spec?.selector?.matchLabels ?? {}).length > 0);
      if (!budgeted) problems.push(`${name}: needs a PodDisruptionBudget selecting its pods`);
    }
  }

  for (const [secret, users] of readers) {
    if (users.length > 1) {
      problems.push(`Secret/${secret} is read by ${users.join(", ")}: one Secret per workload, so each holds only what it needs`);
    }
  }

  if (manifests.some((m) => workloads.has(m.kind)) && !manifests.some(isDefaultDeny)) {
    problems.push("needs a default-deny NetworkPolicy (podSelector: {}, policyTypes Ingress and Egress, no rules): without it every pod reaches every other");
  }

  return problems;
}
