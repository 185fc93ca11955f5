#!/usr/bin/env bash
# Workload Identity Federation for the signer in Confidential Space (deploy/confidential-space/README.md).
#
# Creates (or, when they exist, updates) a workload identity pool used by nothing but the signer, and in it an
# OIDC provider that trusts Google's Confidential Space attestation issuer and accepts only tokens of:
#   - the signer image(s) named in IMAGE_DIGESTS (submods.container.image_digest),
#   - on the production Confidential Space image (dbgstat disabled-since-boot, swname CONFIDENTIAL_SPACE)
#     that Google still supports (STABLE in support_attributes),
#   - on a VM that runs as the signer's service account (google_service_accounts).
# Then it grants the pool's principals - which are exactly the tokens the condition admits - encrypt/decrypt
# on the signer's KMS key and nothing else on it, plus the signer's Firestore and Pub/Sub access, and writes
# the credential configuration the image carries (GOOGLE_APPLICATION_CREDENTIALS).
#
# Usage: fill in the variables below (or export them), then
#   ./wif-provider.sh cred-config   only write the credential configuration (before the image is built: the
#                                   image carries it; needs PROJECT_ID, POOL_ID, PROVIDER_ID)
#   ./wif-provider.sh [apply]       create or update the pool and provider, grant, and write it again
# Rolling a new image: apply with both the old and the new digest in IMAGE_DIGESTS, roll the VM, then apply
# once more with only the new one.
set -euo pipefail

PROJECT_ID=${PROJECT_ID:-"<project-id>"}
# Space-separated list of "sha256:" + 64 hex digests (the pushed image's digest, not a tag).
IMAGE_DIGESTS=${IMAGE_DIGESTS:-"sha256:<digest>"}
# The service account the signer VM runs as (create-vm.sh SERVICE_ACCOUNT). It must hold no access itself.
SERVICE_ACCOUNT=${SERVICE_ACCOUNT:-"<service-account-email>"}
POOL_ID=${POOL_ID:-"custody-signer"}
PROVIDER_ID=${PROVIDER_ID:-"confidential-space"}
KMS_LOCATION=${KMS_LOCATION:-"<kms-location>"}
KMS_KEY_RING=${KMS_KEY_RING:-"custody"}
KMS_KEY=${KMS_KEY:-"signer-share-kek"}
# The signer's Pub/Sub subscriptions (transaction-approved, fee replacements) and the topic it publishes to.
SUBSCRIPTION=${SUBSCRIPTION:-"signer-transaction-approved"}
REPLACEMENT_SUBSCRIPTION=${REPLACEMENT_SUBSCRIPTION:-"signer-transaction-replacement-requested"}
SIGNED_TOPIC=${SIGNED_TOPIC:-"transaction-signed"}
# Where to write the credential configuration; copy it into the signer-config build context.
CRED_CONFIG_OUT=${CRED_CONFIG_OUT:-"wif-credentials.json"}

# Google's issuer for Confidential Space attestation tokens, and the audience of the token the launcher
# keeps at /run/container_launcher/attestation_verifier_claims_token for the STS exchange.
ISSUER_URI="https://confidentialcomputing.googleapis.com/"
STS_AUDIENCE="https://sts.googleapis.com"
TOKEN_FILE="/run/container_launcher/attestation_verifier_claims_token"

die() { echo "wif-provider.sh: $*" >&2; exit 1; }

MODE=${1:-apply}
case "$MODE" in
  cred-config) required=(PROJECT_ID POOL_ID PROVIDER_ID CRED_CONFIG_OUT) ;;
  apply) required=(PROJECT_ID IMAGE_DIGESTS SERVICE_ACCOUNT POOL_ID PROVIDER_ID KMS_LOCATION KMS_KEY_RING KMS_KEY SUBSCRIPTION REPLACEMENT_SUBSCRIPTION SIGNED_TOPIC CRED_CONFIG_OUT) ;;
  *) die "usage: wif-provider.sh [cred-config|apply]" ;;
esac
for name in "${required[@]}"; do
  value=${!name}
  [ -n "$value" ] || die "$name is empty"
  case "$value" in *"<"*|*">"*) die "$name still holds a placeholder ($value); set it first" ;; esac
done
command -v gcloud >/dev/null || die "gcloud is not installed"
PROJECT_NUMBER=$(gcloud projects describe "$PROJECT_ID" --format='value(projectNumber)')
[ -n "$PROJECT_NUMBER" ] || die "cannot read the project number of $PROJECT_ID"

# The credential configuration the signer's Google clients use (Application Default Credentials): exchange
# the launcher's attestation token at STS for a federated token of this provider. No service account is
# impersonated: the federated identity itself holds the grants below.
write_cred_config() {
  local audience="//iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL_ID}/providers/${PROVIDER_ID}"
  cat >"$CRED_CONFIG_OUT" <<JSON
{
  "type": "external_account",
  "audience": "${audience}",
  "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
  "token_url": "https://sts.googleapis.com/v1/token",
  "credential_source": { "file": "${TOKEN_FILE}" }
}
JSON
  echo "Wrote ${CRED_CONFIG_OUT}: put it into the signer-config build context as wif-credentials.json."
}
if [ "$MODE" = cred-config ]; then
  write_cred_config
  exit 0
fi

read -r -a digests <<<"$IMAGE_DIGESTS"
for digest in "${digests[@]}"; do
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "not an image digest: $digest (want sha256: and 64 lower-case hex digits)"
done
[[ "$SERVICE_ACCOUNT" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9-]+\.iam\.gserviceaccount\.com$ ]] \
  || die "SERVICE_ACCOUNT is not a user-managed service account email: $SERVICE_ACCOUNT"

# The attribute condition (CEL). One digest: equality; several (during a roll): membership.
if [ "${#digests[@]}" -eq 1 ]; then
  digest_clause="assertion.submods.container.image_digest == '${digests[0]}'"
else
  list=$(printf "'%s', " "${digests[@]}")
  digest_clause="assertion.submods.container.image_digest in [${list%, }]"
fi
CONDITION="${digest_clause} \
&& 'STABLE' in assertion.submods.confidential_space.support_attributes \
&& assertion.swname == 'CONFIDENTIAL_SPACE' \
&& assertion.dbgstat == 'disabled-since-boot' \
&& '${SERVICE_ACCOUNT}' in assertion.google_service_accounts"
# google.subject is limited to 127 bytes, so it is built from short claims; the digest is also kept as an
# attribute so that it appears in the audit logs of every call.
MAPPING="google.subject=\"gcpcs::\"+assertion.submods.container.image_digest+\"::\"+assertion.submods.gce.project_number+\"::\"+assertion.submods.gce.instance_id,attribute.image_digest=assertion.submods.container.image_digest"

echo "Pool ${POOL_ID}, provider ${PROVIDER_ID} in ${PROJECT_ID} (${PROJECT_NUMBER})"
echo "Attribute condition: ${CONDITION}"

if ! gcloud iam workload-identity-pools describe "$POOL_ID" --project="$PROJECT_ID" --location=global >/dev/null 2>&1; then
  gcloud iam workload-identity-pools create "$POOL_ID" --project="$PROJECT_ID" --location=global \
    --display-name="Custody signer" --description="Confidential Space signer only; no other provider belongs here"
fi

provider_args=(
  --project="$PROJECT_ID" --location=global --workload-identity-pool="$POOL_ID"
  --issuer-uri="$ISSUER_URI" --allowed-audiences="$STS_AUDIENCE"
  --attribute-mapping="$MAPPING" --attribute-condition="$CONDITION"
)
if gcloud iam workload-identity-pools providers describe "$PROVIDER_ID" --project="$PROJECT_ID" --location=global \
    --workload-identity-pool="$POOL_ID" >/dev/null 2>&1; then
  gcloud iam workload-identity-pools providers update-oidc "$PROVIDER_ID" "${provider_args[@]}"
else
  gcloud iam workload-identity-pools providers create-oidc "$PROVIDER_ID" "${provider_args[@]}" \
    --display-name="Confidential Space attestation"
fi

# Every identity the provider lets in. The pool has this one provider, so this is "the attested signer".
PRINCIPALS="principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL_ID}/*"

# The key: encrypt and decrypt only. Do not grant it to SERVICE_ACCOUNT or anyone else who runs code.
gcloud kms keys add-iam-policy-binding "$KMS_KEY" --project="$PROJECT_ID" --location="$KMS_LOCATION" \
  --keyring="$KMS_KEY_RING" --member="$PRINCIPALS" --role=roles/cloudkms.cryptoKeyEncrypterDecrypter

# The signer's state and events (the same credential serves every Google API the signer calls).
gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="$PRINCIPALS" --role=roles/datastore.user --condition=None
for subscription in "$SUBSCRIPTION" "$REPLACEMENT_SUBSCRIPTION"; do
  gcloud pubsub subscriptions add-iam-policy-binding "$subscription" --project="$PROJECT_ID" \
    --member="$PRINCIPALS" --role=roles/pubsub.subscriber
done
gcloud pubsub topics add-iam-policy-binding "$SIGNED_TOPIC" --project="$PROJECT_ID" \
  --member="$PRINCIPALS" --role=roles/pubsub.publisher

# The same file as `cred-config` writes: the image built before this run must carry exactly this content.
write_cred_config
