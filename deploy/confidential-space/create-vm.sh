#!/usr/bin/env bash
# Creates the signer's Confidential Space VM (deploy/confidential-space/README.md, step 6): a Confidential VM
# (AMD SEV or Intel TDX) with Secure Boot, booting Google's production Confidential Space image, running as
# the signer's service account, with the launcher metadata from launch-metadata.env.
# Fill in the variables below (or export them) and run it; it refuses to run while a placeholder is left.
set -euo pipefail

PROJECT_ID=${PROJECT_ID:-"<project-id>"}
ZONE=${ZONE:-"<zone>"}
VM_NAME=${VM_NAME:-"custody-signer-1"}
# SEV runs on N2D (AMD) machine types, TDX on C3 (Intel).
CONFIDENTIAL_COMPUTE_TYPE=${CONFIDENTIAL_COMPUTE_TYPE:-"SEV"}
MACHINE_TYPE=${MACHINE_TYPE:-"n2d-standard-4"}
# The VM's service account: the one pinned in the provider's condition (wif-provider.sh SERVICE_ACCOUNT).
SERVICE_ACCOUNT=${SERVICE_ACCOUNT:-"<service-account-email>"}
# Optional: the subnetwork (default: the project's default network), and a network tag for firewall rules.
SUBNET=${SUBNET:-""}
NETWORK_TAG=${NETWORK_TAG:-"custody-signer"}
METADATA_FILE=${METADATA_FILE:-"$(dirname "$0")/launch-metadata.env"}

# Production only. The debug family (confidential-space-debug) allows SSH and root on the VM, and its tokens
# say dbgstat=enabled, which the provider's condition and every co-signer refuse anyway.
IMAGE_PROJECT="confidential-space-images"
IMAGE_FAMILY="confidential-space"

die() { echo "create-vm.sh: $*" >&2; exit 1; }

for name in PROJECT_ID ZONE VM_NAME CONFIDENTIAL_COMPUTE_TYPE MACHINE_TYPE SERVICE_ACCOUNT NETWORK_TAG METADATA_FILE; do
  value=${!name}
  [ -n "$value" ] || die "$name is empty"
  case "$value" in *"<"*|*">"*) die "$name still holds a placeholder ($value); set it first" ;; esac
done
case "$CONFIDENTIAL_COMPUTE_TYPE:$MACHINE_TYPE" in
  SEV:n2d-*|TDX:c3-*) ;;
  *) die "CONFIDENTIAL_COMPUTE_TYPE=$CONFIDENTIAL_COMPUTE_TYPE does not run on MACHINE_TYPE=$MACHINE_TYPE (SEV: n2d-*, TDX: c3-*)" ;;
esac
[ -f "$METADATA_FILE" ] || die "no metadata file at $METADATA_FILE"
command -v gcloud >/dev/null || die "gcloud is not installed"

# launch-metadata.env -> one --metadata value with '~' between entries ('^~^' sets the separator, since
# values may contain commas).
metadata="^~^"
image_reference=""
line_number=0
while IFS= read -r line || [ -n "$line" ]; do
  line_number=$((line_number + 1))
  case "$line" in ''|'#'*) continue ;; esac
  key=${line%%=*}
  value=${line#*=}
  [ "$key" != "$line" ] || die "$METADATA_FILE:$line_number: not KEY=VALUE"
  case "$value" in *"<"*|*">"*) die "$METADATA_FILE:$line_number: $key still holds a placeholder ($value)" ;; esac
  case "$value" in *"~"*) die "$METADATA_FILE:$line_number: $key: a value may not contain '~'" ;; esac
  case "$key" in
    tee-image-reference) image_reference=$value ;;
    tee-restart-policy)
      case "$value" in Always|OnFailure|Never) ;; *) die "$METADATA_FILE:$line_number: tee-restart-policy must be Always, OnFailure or Never" ;; esac ;;
    tee-container-log-redirect)
      # The image's log_redirect=debugonly launch policy refuses any other value on the production image.
      [ "$value" = "false" ] || die "$METADATA_FILE:$line_number: tee-container-log-redirect must be false for this image (see the README, \"Logs\")" ;;
    tee-env-*) ;;
    *) die "$METADATA_FILE:$line_number: $key is not a setting this deployment uses" ;;
  esac
  metadata="${metadata}${key}=${value}~"
done <"$METADATA_FILE"
metadata=${metadata%"~"}
[[ "$image_reference" =~ ^[a-z0-9.-]+-docker\.pkg\.dev/[^@:]+@sha256:[0-9a-f]{64}$ ]] \
  || die "tee-image-reference must be an Artifact Registry image by digest (...-docker.pkg.dev/.../custody-signer@sha256:<64 hex>), got: ${image_reference:-nothing}"

network_args=()
if [ -n "$SUBNET" ]; then
  network_args+=(--subnet="$SUBNET")
fi

echo "Creating ${VM_NAME} in ${PROJECT_ID}/${ZONE} (${CONFIDENTIAL_COMPUTE_TYPE}, ${MACHINE_TYPE}) with ${image_reference}"
gcloud compute instances create "$VM_NAME" \
  --project="$PROJECT_ID" \
  --zone="$ZONE" \
  --machine-type="$MACHINE_TYPE" \
  --confidential-compute-type="$CONFIDENTIAL_COMPUTE_TYPE" \
  --maintenance-policy=TERMINATE \
  --shielded-secure-boot \
  --image-project="$IMAGE_PROJECT" \
  --image-family="$IMAGE_FAMILY" \
  --service-account="$SERVICE_ACCOUNT" \
  --scopes=cloud-platform \
  --tags="$NETWORK_TAG" \
  ${network_args[@]+"${network_args[@]}"} \
  --metadata="$metadata"
