using Custody.Attestation.Jwt;

namespace Custody.Attestation.Verification;

/// <summary>Finds the issuer's token-signing key by key id.</summary>
public interface ISigningKeySource
{
    /// <summary>The key, or null when the issuer does not publish <paramref name="keyId"/>.</summary>
    ValueTask<RsaSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken);
}
