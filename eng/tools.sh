#!/usr/bin/env bash
# Installs, on a fresh machine, what the tests and the local demo need besides the .NET SDK, and says so:
#   - pinned npm tools into eng/node/node_modules (anvil, ethers, @noble/curves, the DKLs23 wasm baseline)
#   - SoftHSM2 from apt (the PKCS#11 path of libs/keys; tests only: `--for demo` skips it, the demo does not use PKCS#11)
#   - kubectl and PyYAML from apt when missing (eng/deploy-check.sh; tests only)
# and checks that Google's Pub/Sub and Firestore emulators (Google Cloud CLI) and java are installed.
# Idempotent: a second run installs nothing (the npm install is stamped with the lockfile's sha256).
# Usage: eng/tools.sh [--for tests|demo]   (default: tests)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
purpose=tests
if [ "${1:-}" = "--for" ]; then purpose=${2:?usage: tools.sh [--for tests|demo]}; fi
case "$purpose" in tests|demo) ;; *) echo "[tools] usage: tools.sh [--for tests|demo]" >&2; exit 2 ;; esac

say() { echo "[tools] $*"; }

command -v npm >/dev/null || { echo "[tools] npm is required (node 20 + npm). Install Node.js, then run again." >&2; exit 1; }
lock="$root/eng/node/package-lock.json"
stamp="$root/eng/node/node_modules/.custody-lock-sha256"
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing the pinned npm tools (eng/node/package-lock.json: anvil, ethers, @noble/curves); about a minute"
  npm ci --prefix "$root/eng/node" --no-audit --no-fund --loglevel=error
  printf '%s' "$want" > "$stamp"
else
  say "npm tools already installed (eng/node/node_modules matches the lockfile)"
fi

if [ "$purpose" = tests ] && [ ! -e /usr/lib/softhsm/libsofthsm2.so ]; then
  say "installing softhsm2 (apt; the PKCS#11 tests need it)"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq softhsm2 >/dev/null
fi

# The deploy check (eng/deploy-check.sh) renders deploy/k8s with `kubectl kustomize` and reads it with PyYAML. Any
# kubectl with kustomize will do (the Google Cloud CLI's, or Debian's kubernetes-client).
if [ "$purpose" = tests ]; then
  apt_missing=()
  command -v kubectl >/dev/null || apt_missing+=(kubernetes-client)
  python3 -c 'import yaml' 2>/dev/null || apt_missing+=(python3-yaml)
  if [ ${#apt_missing[@]} -gt 0 ]; then
    say "installing ${apt_missing[*]} (apt; the deploy check needs them)"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_missing[@]}" >/dev/null
  fi
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
say "ready for the $purpose"
