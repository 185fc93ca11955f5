using System.Security.Cryptography;
using Custody.Keys.Sealing;
using Custody.Mpc.Protocol;
using Custody.Parties.Crypto;

namespace Custody.Parties.Identity;

/// <summary>
/// A party's long-term identity keys on its own disk (docs/parties.md "Identity keys"): the Ed25519 seed and the
/// X25519 secret, 64 bytes, sealed by the party's key provider (libs/keys) under the context
/// (<see cref="SealingWallet"/>, party name, 1), written through a temporary file and an atomic rename, mode 0600.
/// Created once, at enrolment; the public half is what the other parties pin (<see cref="PartyRoster"/>).
/// </summary>
public static class PartyIdentityFile
{
    /// <summary>The wallet name in the sealing context of identity keys (no wallet is called this: it is not an id a wallet can take).</summary>
    public const string SealingWallet = "party-identity";

    private const int SecretLength = PartyIdentityKey.SeedLength + PartyEncryptionKey.SeedLength;

    /// <summary>Creates fresh identity keys for <paramref name="partyName"/> at <paramref name="path"/> (refuses to overwrite) and returns what to pin.</summary>
    public static async Task<PinnedParty> CreateAsync(string path, string partyName, PartyId party, KeySealer sealer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(sealer);
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"{path} already holds an identity; a party's identity is created once (delete it only to re-enrol the party with new pins everywhere)");
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        try
        {
            using var keys = FromSecret(party, secret);
            var sealedBlob = await sealer.SealAsync(secret, Context(partyName), cancellationToken).ConfigureAwait(false);
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, sealedBlob, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: false);
            return keys.Pinned();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Unseals the identity keys of <paramref name="partyName"/>; the caller owns (and disposes) them.</summary>
    public static async Task<PartyKeys> LoadAsync(string path, string partyName, PartyId party, KeySealer sealer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"no party identity at {path}; create one with `custody parties identity` and pin its public keys at the other parties");
        }

        var sealedBlob = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        using var secret = await sealer.UnsealAsync(sealedBlob, Context(partyName), cancellationToken).ConfigureAwait(false);
        if (secret.Length != SecretLength)
        {
            throw new InvalidOperationException($"{path} does not hold a party identity");
        }

        return FromSecret(party, secret.Span);
    }

    private static PartyKeys FromSecret(PartyId party, ReadOnlySpan<byte> secret) =>
        new(party, PartyIdentityKey.FromSeed(secret[..PartyIdentityKey.SeedLength]), PartyEncryptionKey.FromSeed(secret[PartyIdentityKey.SeedLength..]));

    private static SealingContext Context(string partyName) => SealingContext.Create(SealingWallet, partyName, 1);
}
