#!/usr/bin/env bash
# The local end-to-end demo, without root: checks the pinned tools (installs the npm ones if missing; nothing
# from apt), builds the `custody` command and the local stack's AppHost (tools/apphost, which builds every service),
# then runs `custody demo`: it starts the stack (every service its own process), plays the reference scenario
# through the services' APIs, and stops the stack again (also on Ctrl-C or a failure). docs/demo.md.
# Usage: eng/demo.sh [--keep-running] [--port-base N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/tools.sh" --for demo
echo "[demo] building the custody command and the local stack (Release; the first build fetches Google's protos and takes a few minutes)"
dotnet build "$root/tools/cli" -c Release --nologo -v q -clp:ErrorsOnly
dotnet build "$root/tools/apphost" -c Release --nologo -v q -clp:ErrorsOnly
echo "[demo] built: $root/tools/cli/bin/Release/net10.0/custody and $root/tools/apphost; starting the demo"
exec dotnet "$root/tools/cli/bin/Release/net10.0/custody.dll" demo "$@"
