#!/usr/bin/env bash
# The local end-to-end demo, without root: checks the pinned tools (installs the npm ones if missing; nothing
# from apt), builds the `custody` command, then runs `custody demo`, which starts Google's Pub/Sub and Firestore
# emulators and anvil on loopback, runs the flow, and stops them again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh" --for demo
echo "[demo] building the custody command (Release; the first build fetches Google's protos and takes a few minutes)"
dotnet build "$root/tools/cli" -c Release --nologo -v q -clp:ErrorsOnly
echo "[demo] built: $root/tools/cli/bin/Release/net10.0/custody; starting the demo"
dotnet "$root/tools/cli/bin/Release/net10.0/custody.dll" demo "$@"
