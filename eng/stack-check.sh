#!/usr/bin/env bash
# Starts the local stack (tools/apphost, docs/running.md), waits for the AppHost's "stack ready" line, checks every
# part answers (each service's /health and /alive (broadcaster included), the dev issuers, the emulators, anvil's eth_chainId, both
# co-signers connected to the signer), then stops the stack and prints how long it took to be ready.
# Not part of eng/test.sh: one run takes a minute or more (far more under load). Needs `eng/tools.sh --for demo`.
# Usage: eng/stack-check.sh [ready-timeout-seconds, default 600]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
timeout_s=${1:-600}
base=18000
log=$(mktemp)
stack=$(mktemp -d) # Stack:Folder: the dev issuer writes its tokens there (tokens, mode 0600)
cd "$root"
echo "[stack-check] building tools/apphost (Release)"
dotnet build tools/apphost -c Release --nologo -v q -clp:ErrorsOnly
ASPIRE_ALLOW_UNSECURED_TRANSPORT=true Stack__Folder="$stack" setsid dotnet run --project tools/apphost -c Release --no-build >"$log" 2>&1 &
apphost=$!
stop() {
  # SIGTERM to the AppHost's process group: the AppHost stops DCP, which stops every resource it started.
  kill -TERM -- -"$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  rm -rf "$log" "$stack"
}
trap stop EXIT
fail() { echo "[stack-check] FAIL: $*" >&2; grep -E "failed \(exit code|fail:" "$log" >&2 || true; exit 1; }

for ((waited = 0; waited < timeout_s; waited++)); do
  grep -q "stack ready" "$log" && break
  grep -q "failed (exit code" "$log" && fail "a resource failed while starting"
  kill -0 "$apphost" 2>/dev/null || fail "the AppHost exited: $(tail -5 "$log")"
  sleep 1 # polling a log file for a line, not synchronising a test
done
grep -A1 "stack ready" "$log" | grep -o "stack ready.*" || fail "not ready within ${timeout_s} s"

http() { curl -s -o /dev/null -w '%{http_code}' -m 10 "$1"; }
for port in 80 81 82 83 84 90; do # intake, policy, signer, cosigner-a, cosigner-b, broadcaster
  [ "$(curl -s -m 10 "http://127.0.0.1:$((base + port))/health")" = Healthy ] || fail "/health on $((base + port))"
  [ "$(http "http://127.0.0.1:$((base + port))/alive")" = 200 ] || fail "/alive on $((base + port))"
done
for port in 599 600; do
  [ "$(http "http://127.0.0.1:$((base + port))/.well-known/openid-configuration")" = 200 ] || fail "issuer on $((base + port))"
done
for port in 85 86; do [ "$(http "http://127.0.0.1:$((base + port))/")" = 200 ] || fail "emulator on $((base + port))"; done
curl -s -m 10 -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
  "http://127.0.0.1:$((base + 545))/" | grep -q '"result":"0x7a69"' || fail "anvil eth_chainId"
operator=$(awk '$1 == "custody-operator" && $2 == "operator" {print $3}' "$stack/tokens" 2>/dev/null || true)
[ -n "$operator" ] || fail "no operator token in the dev issuer's token file $stack/tokens"
curl -s -m 10 -H "Authorization: Bearer $operator" "http://127.0.0.1:$((base + 82))/v1/parties" \
  | grep -q '"connected":\["cosigner-a","cosigner-b"\]' || fail "co-signers not connected to the signer"
echo "[stack-check] every resource healthy; stopping the stack"
