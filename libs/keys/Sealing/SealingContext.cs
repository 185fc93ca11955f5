using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Custody.Keys.Sealing;

/// <summary>
/// What a sealed share belongs to: {wallet id, party id, key version}. It is bound into the associated
/// data of both the share encryption and the data-key wrapping, so a blob sealed for one wallet, party or
/// key version can never be unsealed as another (docs/keys.md "Associated data").
/// </summary>
public readonly record struct SealingContext
{
    /// <summary>Longest wallet or party id, in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 128;

    private SealingContext(string walletId, string partyId, uint keyVersion)
    {
        WalletId = walletId;
        PartyId = partyId;
        KeyVersion = keyVersion;
    }

    /// <summary>The wallet the share belongs to.</summary>
    public string WalletId { get; }

    /// <summary>The MPC party holding the share (signer, cosigner-a, ...).</summary>
    public string PartyId { get; }

    /// <summary>Version of the key share (incremented by proactive refresh); at least 1.</summary>
    public uint KeyVersion { get; }

    /// <summary>Validates and builds a context; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryCreate(
        string? walletId,
        string? partyId,
        uint keyVersion,
        out SealingContext context,
        [NotNullWhen(false)] out string? error)
    {
        context = default;
        error = ValidateId(walletId, "wallet id") ?? ValidateId(partyId, "party id")
            ?? (keyVersion == 0 ? "The key version must be at least 1." : null);
        if (error is not null)
        {
            return false;
        }

        context = new SealingContext(walletId!, partyId!, keyVersion);
        return true;
    }

    /// <summary>Validates and builds a context, or throws <see cref="ArgumentException"/>.</summary>
    public static SealingContext Create(string walletId, string partyId, uint keyVersion) =>
        TryCreate(walletId, partyId, keyVersion, out var context, out var error)
            ? context
            : throw new ArgumentException(error);

    /// <summary>
    /// Canonical associated data for one use (<paramref name="domainTag"/>): tag, wallet id, party id as
    /// length-prefixed UTF-8, then the key version as 4 bytes big-endian, then the caller's extra fields.
    /// </summary>
    internal CanonicalWriter Encode(string domainTag)
    {
        EnsureCreated();
        return new CanonicalWriter()
            .WriteString(domainTag)
            .WriteString(WalletId)
            .WriteString(PartyId)
            .WriteUInt32(KeyVersion);
    }

    private void EnsureCreated()
    {
        if (WalletId is null)
        {
            throw new InvalidOperationException("The sealing context was not created with SealingContext.Create.");
        }
    }

    private static string? ValidateId(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"The {what} is empty.";
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxIdBytes)
        {
            return $"The {what} is longer than {MaxIdBytes} UTF-8 bytes.";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c))
            {
                return $"The {what} contains whitespace, control or surrogate characters.";
            }
        }

        return null;
    }
}
