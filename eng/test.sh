#!/usr/bin/env bash
# Runs every test of the solution against real parts: Google's Pub/Sub and Firestore emulators,
# anvil, SoftHSM2, ethers. Test fixtures start and stop what they need on loopback.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh"
cd "$root"
dotnet build Custody.sln -c Release --nologo -v q -clp:ErrorsOnly
dotnet test Custody.sln -c Release --no-build --nologo "$@"
