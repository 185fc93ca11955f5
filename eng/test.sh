#!/usr/bin/env bash
# Runs every test of the solution against real parts: Google's Pub/Sub and Firestore emulators,
# anvil, SoftHSM2, ethers. Test fixtures start what they need on loopback and stop it afterwards.
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh"
cd "$root"
echo "[test] building (Release)"
dotnet build Custody.sln -c Release --nologo -v q -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Custody.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
