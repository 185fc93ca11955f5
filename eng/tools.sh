#!/usr/bin/env bash
# Installs, on a fresh machine, what the tests and the local demo need besides the .NET SDK:
#   - pinned npm tools into eng/node/node_modules (anvil, ethers, @noble/curves, the DKLs23 wasm baseline)
#   - SoftHSM2 from apt (the PKCS#11 path of libs/keys)
# and checks that Google's Pub/Sub and Firestore emulators (Google Cloud CLI) are installed.
# Idempotent: does nothing that is already done.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { echo "[tools] $*"; }

command -v npm >/dev/null || { echo "[tools] npm is required (node 20 + npm). Install Node.js, then run again." >&2; exit 1; }
if [ ! -f "$root/eng/node/node_modules/.package-lock.json" ] \
   || ! cmp -s <(sed -n '/"packages"/,$p' "$root/eng/node/package-lock.json") <(sed -n '/"packages"/,$p' "$root/eng/node/node_modules/.package-lock.json" 2>/dev/null); then
  say "installing pinned npm tools (eng/node/package-lock.json)"
  npm ci --prefix "$root/eng/node" --no-audit --no-fund --loglevel=error
fi

if [ ! -e /usr/lib/softhsm/libsofthsm2.so ]; then
  say "installing softhsm2 (apt)"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq softhsm2 >/dev/null
fi

sdk=${CLOUDSDK_ROOT:-/usr/lib/google-cloud-sdk}
missing=()
compgen -G "$sdk/platform/pubsub-emulator/lib/cloud-pubsub-emulator-*-all.jar" >/dev/null || missing+=("pubsub-emulator")
[ -f "$sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar" ] || missing+=("cloud-firestore-emulator")
if [ ${#missing[@]} -gt 0 ] && [ -z "${PUBSUB_EMULATOR_HOST:-}" ]; then
  echo "[tools] Google's emulators are not installed under $sdk/platform: ${missing[*]}." >&2
  echo "[tools] Install the Google Cloud CLI and run: gcloud components install ${missing[*]}" >&2
  echo "[tools] (or run them elsewhere and set PUBSUB_EMULATOR_HOST / FIRESTORE_EMULATOR_HOST)." >&2
  exit 1
fi
command -v java >/dev/null || { echo "[tools] java (17+) is required to run Google's emulators." >&2; exit 1; }
say "ready"
