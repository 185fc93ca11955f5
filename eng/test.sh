#!/usr/bin/env bash
# Runs every test of the solution against real parts: Google's Pub/Sub and Firestore emulators,
# anvil, SoftHSM2, ethers. Test fixtures start what they need on loopback and stop it afterwards.
# The Domain and Contracts tests run a second time under another time zone (TZ=America/New_York) to show
# that no decision depends on the machine's zone. Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh" --for tests
cd "$root"
echo "[test] rendering and checking the Kubernetes manifests (eng/deploy-check.sh)"
"$root/eng/deploy-check.sh"
echo "[test] building the solution (Release; the first build fetches Google's protos and takes a few minutes)"
dotnet build Custody.sln -c Release --nologo -v q -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
echo "[test] running every test project (the fixtures start the emulators and anvil on loopback)"
dotnet test Custody.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?
for zone in America/New_York; do
  echo "[test] Domain and Contracts tests again under TZ=$zone"
  for project in tests/Custody.Domain.Tests tests/Custody.Contracts.Tests; do
    TZ=$zone dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee -a "$log" || status=$?
  done
done
# One closing line over all test assemblies and runs: "N passed, N failed, N skipped".
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
