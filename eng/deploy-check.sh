#!/usr/bin/env bash
# Renders every kustomize tree under deploy/k8s (the base and each overlay) with `kubectl kustomize` and checks what
# it renders (docs/deploy.md): every Deployment has a /health readiness and an /alive liveness probe, resource
# requests and a memory limit, and its own ServiceAccount; in an overlay every ServiceAccount names its Google service
# account for Workload Identity; every Pub/Sub subscription the services consume exists with its topic and dead-letter
# topic; every topic in libs/contracts is declared; the deploy/observability files are consistent (below). Needs kubectl and python3 with PyYAML (eng/tools.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v kubectl >/dev/null || { echo "[deploy-check] kubectl is missing: run ./eng/tools.sh" >&2; exit 1; }
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
trees=(deploy/k8s/base deploy/k8s/overlays/*)
for tree in "${trees[@]}"; do
  out="$rendered/$(echo "$tree" | tr '/' '_').yaml"
  kubectl kustomize "$tree" >"$out" 2>"$out.err" || { cat "$out.err" >&2; echo "[deploy-check] FAIL: $tree does not render" >&2; exit 1; }
done
# What the services consume and publish, from the code (one source of truth).
topics=$(grep -ho 'const string [A-Za-z]* = "transaction-[a-z-]*"' libs/contracts/Events/Topics.cs | grep -o '"[^"]*"' | tr -d '"')
subscriptions=$(grep -rhoE 'const string [A-Za-z]*Subscription = "[a-z-]+"' services --include=*.cs | grep -o '"[^"]*"' | tr -d '"' | sort -u)
python3 - "$rendered" "$topics" "$subscriptions" <<'PY'
import glob, os, sys, yaml
folder, topics, subscriptions = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
problems = []
for path in sorted(glob.glob(os.path.join(folder, "*.yaml"))):
    tree = os.path.basename(path)[:-5].replace("_", "/")
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    accounts = by_kind.get("ServiceAccount", {})
    for name, deployment in by_kind.get("Deployment", {}).items():
        spec = deployment["spec"]["template"]["spec"]
        if spec.get("serviceAccountName") not in accounts:
            problems.append(f"{tree}: Deployment {name} has no ServiceAccount of its own")
        for c in spec["containers"]:
            ready = (c.get("readinessProbe") or {}).get("httpGet", {}).get("path")
            live = (c.get("livenessProbe") or {}).get("httpGet", {}).get("path")
            if ready != "/health" or live != "/alive":
                problems.append(f"{tree}: {name}/{c['name']} probes are {ready}/{live}, not /health and /alive")
            res = c.get("resources") or {}
            if not res.get("requests", {}).get("cpu") or not res.get("requests", {}).get("memory") or not res.get("limits", {}).get("memory"):
                problems.append(f"{tree}: {name}/{c['name']} lacks cpu/memory requests or a memory limit")
    if "overlays/" in tree:
        for name, account in accounts.items():
            if not (account["metadata"].get("annotations") or {}).get("iam.gke.io/gcp-service-account"):
                problems.append(f"{tree}: ServiceAccount {name} has no iam.gke.io/gcp-service-account")
    declared = set(by_kind.get("PubSubTopic", {}))
    for t in topics:
        if t not in declared:
            problems.append(f"{tree}: topic {t} (libs/contracts) is not declared")
    subs = by_kind.get("PubSubSubscription", {})
    for s in subscriptions:
        if s not in subs:
            problems.append(f"{tree}: subscription {s} (services) is not declared")
    for name, sub in subs.items():
        topic = sub["spec"]["topicRef"]["name"]
        dead = sub["spec"].get("deadLetterPolicy", {}).get("deadLetterTopicRef", {}).get("name")
        if topic not in declared or (dead is not None and dead not in declared):
            problems.append(f"{tree}: subscription {name} refers to an undeclared topic ({topic}, dead letters {dead})")
        if name in subscriptions and dead is None:
            problems.append(f"{tree}: subscription {name} (consumed by a service) has no dead-letter topic")
    print(f"[deploy-check] {tree}: {len(docs)} resources, {len(by_kind.get('Deployment', {}))} deployments checked")
if problems:
    print("\n".join("[deploy-check] FAIL: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
PY

# deploy/observability: the collector configurations wire only components they define, and the dashboard's panels use
# metrics the code emits (workload.googleapis.com/<name>: a Meter instrument name in libs/ or services/, or one of the
# ASP.NET Core instrumentation's) or Pub/Sub's own.
python3 - <<'PY'
import glob, json, re, subprocess, sys, yaml
problems = []
for path in sorted(glob.glob("deploy/observability/collector*.yaml")):
    config = yaml.safe_load(open(path))
    for name, pipeline in config["service"]["pipelines"].items():
        for kind in ("receivers", "processors", "exporters"):
            for component in pipeline.get(kind, []):
                if component not in (config.get(kind) or {}):
                    problems.append(f"{path}: pipeline {name} uses {kind[:-1]} {component}, which is not defined")
    print(f"[deploy-check] {path}: {len(config['service']['pipelines'])} pipelines")
instrumentation = {"http.server.request.duration"}
dashboard = json.load(open("deploy/observability/dashboard.json"))
filters = [d["timeSeriesQuery"]["timeSeriesFilter"]["filter"] for t in dashboard["mosaicLayout"]["tiles"] for d in t["widget"]["xyChart"]["dataSets"]]
code = subprocess.run(["grep", "-rhoE", "--include=*.cs", r'"(custody|messaging)\.[a-z0-9_.]+"', "libs", "services"], capture_output=True, text=True).stdout
emitted = {m.strip('"') for m in code.split()}
for f in filters:
    metric = re.search(r'metric\.type="([^"]+)"', f).group(1)
    if metric.startswith("workload.googleapis.com/"):
        name = metric.split("/", 1)[1]
        if name not in emitted and name not in instrumentation:
            problems.append(f"dashboard.json: {metric} is not a metric the services emit")
    elif not metric.startswith("pubsub.googleapis.com/subscription/"):
        problems.append(f"dashboard.json: {metric} is neither a Custody metric nor a Pub/Sub subscription metric")
if problems:
    print("\n".join("[deploy-check] FAIL: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"[deploy-check] deploy/observability/dashboard.json: {len(filters)} panels, every metric emitted")
PY
