using System.Security.Cryptography;

namespace Custody.Attestation.Jwt;

/// <summary>An RS256 verification key from a JWKS (RFC 7517 section 4, RFC 7518 section 6.3.1).</summary>
public sealed class RsaSigningKey
{
    /// <summary>Smallest accepted modulus (RFC 7518 section 3.3 requires 2048 bits for RS256).</summary>
    public const int MinimumBits = 2048;

    private readonly RSAParameters _parameters;

    public RsaSigningKey(string keyId, RSAParameters publicParameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (publicParameters.Modulus is null || publicParameters.Exponent is null ||
            publicParameters.Modulus.Length * 8 < MinimumBits || publicParameters.Modulus[0] == 0)
        {
            throw new CryptographicException($"JWK {keyId}: an RS256 key needs a modulus of at least {MinimumBits} bits.");
        }

        KeyId = keyId;
        _parameters = new RSAParameters { Modulus = publicParameters.Modulus, Exponent = publicParameters.Exponent };
    }

    public string KeyId { get; }

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (JWA "RS256", RFC 7518 section 3.3).</summary>
    public bool VerifyRs256(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        using var rsa = RSA.Create(_parameters);
        return signature.Length == _parameters.Modulus!.Length &&
               rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
