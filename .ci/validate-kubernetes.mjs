// Validates docker/kubernetes against the Kubernetes API schemas (kubernetes-models) and the Prometheus Operator's
// (ServiceMonitor); Strimzi's kinds have no schema here and are skipped, by name. The kustomization is rendered
// as `kubectl apply -k` would for what it uses (resources and labels).
// Usage: node .ci/validate-kubernetes.mjs NODE_MODULES_DIR docker/kubernetes
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, dir] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(modules, p, "index.js")).href);
const { parseAllDocuments, parse } = await load("yaml/dist");
const SKIPPED = new Set(["kafka.strimzi.io/v1beta2 KafkaTopic", "kafka.strimzi.io/v1beta2 KafkaUser"]);

function modelPackage(apiVersion) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) return "@kubernetes-models/prometheus-operator/" + apiVersion;
  return "kubernetes-models/" + apiVersion; // core "v1", or group/version
}

const kustomization = parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"));
const listed = new Set(kustomization.resources);
const labels = Object.assign({}, ...(kustomization.labels ?? []).map((l) => l.pairs));
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml").sort();
for (const f of listed) if (!files.includes(f)) throw new Error(`kustomization.yaml lists ${f}, which is missing`);

let failures = 0, checked = 0;
for (const file of files) {
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj == null) continue;
    const id = `${obj.apiVersion} ${obj.kind}`;
    const name = `${file}: ${obj.kind}/${obj.metadata?.name}`;
    if (SKIPPED.has(id)) { console.log(`${name}: skipped (no schema for ${id} here)`); continue; }
    if (listed.has(file)) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...labels };
    const model = (await load(modelPackage(obj.apiVersion)))[obj.kind];
    if (!model) { console.log(`${name}: FAILED: no schema for ${id}`); failures++; continue; }
    try {
      new model(obj).validate();
      console.log(`${name}: valid${listed.has(file) ? "" : " (optional file)"}`);
      checked++;
    } catch (e) {
      console.log(`${name}: FAILED: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${dir}: ${checked} valid, ${failures} failed`);
process.exit(failures ? 1 : 0);
