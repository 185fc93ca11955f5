#!/usr/bin/env bash
# Fetches Google's published .proto files for Pub/Sub, Firestore and Cloud KMS from their npm packages
# (`npm pack`, no dependency resolution), verifies each tarball against its pinned sha512 integrity,
# and extracts package/build/protos into DEST/<name>-<version>/. Called by libs/gcp's build
# (target FetchGoogleProtos); does nothing for a package already verified and extracted.
# The .proto files are Google's, Apache-2.0; they are never committed (DEST is git-ignored).
set -euo pipefail
dest=${1:?usage: fetch-google-protos.sh DEST_DIR}

# name|npm package|version|sha512 integrity (as `npm view <pkg>@<v> dist.integrity` prints)
pins=(
  "pubsub|@google-cloud/pubsub|6.3.2|sha512-Ym0Qsu4dep1Pn/m14QHABE5gJ6PyysrpbMXGlgerFRKmxE5E9O0Drxi24qA+/vYqC5bNQUR9+ua0IyvT+CS4fA=="
  "firestore|@google-cloud/firestore|9.4.1|sha512-arD6dY7H8G1647OqxHmgxb3m1IYAAoVDm9ev/MW1meQRl1XuaNP8j/aGT5HPHTeaV/8AHZVGeXwOGTovWvIKIA=="
  "kms|@google-cloud/kms|6.3.0|sha512-hL0J9fZ5TqGLxGH3KE1GuAEEm9Z8+jPFoqR0R46lpS3A/NmoS0p0M4BMBaE7Zev+l5xMmZfveJkNKo4lV/KLEw=="
)

fail() { echo "error CUSTODY0001: fetching Google protos: $*" >&2; exit 1; }

mkdir -p "$dest"
for pin in "${pins[@]}"; do
  IFS='|' read -r name package version integrity <<<"$pin"
  target="$dest/$name-$version"
  if [ -f "$target/.verified" ] && [ "$(cat "$target/.verified")" = "$integrity" ]; then
    continue
  fi
  command -v npm >/dev/null || fail "npm is not installed; it is needed once to fetch $package@$version (install Node.js 20 + npm)."
  command -v node >/dev/null || fail "node is not installed (install Node.js 20 + npm)."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "Fetching Google protos: $package@$version"
  (cd "$work" && npm pack "$package@$version" --silent >/dev/null 2>"$work/npm.err") \
    || fail "npm pack $package@$version failed: $(tail -n 3 "$work/npm.err")"
  tarball=$(ls "$work"/*.tgz 2>/dev/null | head -n 1)
  [ -n "$tarball" ] || fail "npm pack $package@$version produced no tarball."
  actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  [ "$actual" = "$integrity" ] || fail "integrity mismatch for $package@$version: expected $integrity, got $actual. Refusing to use it."
  rm -rf "$target" && mkdir -p "$target"
  tar -xzf "$tarball" -C "$work" package/build/protos || fail "$package@$version has no package/build/protos."
  cp -R "$work/package/build/protos/." "$target/"
  printf '%s' "$integrity" > "$target/.verified"
  rm -rf "$work"
  trap - EXIT
done
