#!/usr/bin/env bash
# The local end-to-end demo: installs the pinned tools if needed, then runs `custody demo`, which starts
# Google's Pub/Sub and Firestore emulators and anvil on loopback, runs the flow, and stops them again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh"
dotnet run --project "$root/tools/cli" -c Release -- demo "$@"
