using Custody.Attestation.Client;

namespace Custody.Signing.Coordination;

/// <summary>Obtains the signer's attestation token whose eat_nonce is <c>nonce</c> (one per co-signer and session).</summary>
public interface ISessionAttester
{
    Task<string> TokenAsync(string nonce, CancellationToken ct);
}

/// <summary>
/// Tokens from the Confidential Space launcher's socket (production), or from a dev issuer serving the same
/// protocol on a local socket (libs/attestation Dev, refused outside Development by the co-signers' verifier).
/// </summary>
public sealed class LauncherSessionAttester(ConfidentialSpaceTokenClient client, string audience) : ISessionAttester
{
    public Task<string> TokenAsync(string nonce, CancellationToken ct) => client.GetTokenAsync(audience, [nonce], ct);
}
