using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Custody.Domain.Approvals;

/// <summary>
/// An approver's public key: ECDSA on NIST P-256 (the WebAuthn/passkey algorithm, COSE ES256), held as
/// its SubjectPublicKeyInfo. Construction validates the curve and the point.
/// </summary>
public sealed class ApproverKey
{
    /// <summary>IEEE P1363 signature length: r || s, 32 bytes each.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _spki;

    private ApproverKey(string approverId, byte[] spki)
    {
        ApproverId = approverId;
        _spki = spki;
    }

    public string ApproverId { get; }

    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _spki;

    public static bool TryCreate(string approverId, ReadOnlySpan<byte> subjectPublicKeyInfo, [NotNullWhen(true)] out ApproverKey? key)
    {
        key = null;
        if (!Contracts.WireFormat.IsId(approverId))
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
            if (read != subjectPublicKeyInfo.Length || parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return false;
            }

            key = new ApproverKey(approverId, ecdsa.ExportSubjectPublicKeyInfo());
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static ApproverKey Create(string approverId, ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        TryCreate(approverId, subjectPublicKeyInfo, out var key)
            ? key
            : throw new CryptographicException($"Approver \"{approverId}\": not a valid P-256 public key (SubjectPublicKeyInfo) or id.");

    /// <summary>Reads a PEM "PUBLIC KEY" block.</summary>
    public static ApproverKey FromPem(string approverId, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > Contracts.Json.InputLimits.KeyFile.MaxBytes)
        {
            throw new CryptographicException($"Approver \"{approverId}\": {Contracts.Json.InputLimits.KeyFile.TooLarge.Reason}.");
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException($"Approver \"{approverId}\": the PEM holds no readable public key.", e);
        }

        return Create(approverId, ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// ECDSA P-256 / SHA-256 verification of <paramref name="signature"/> (IEEE P1363 r||s) over the message
    /// <paramref name="digest"/>. Both low-s and high-s signatures are accepted: P-256 has no low-s rule
    /// (WebAuthn does not require one), and double votes are caught by approver id, not by signature bytes.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spki, out _);
        return ecdsa.VerifyData(digest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
