using Custody.Keys.Sealing;
using Custody.Parties.Channel;
using Custody.Parties.Identity;

namespace Custody.Cosigner.Link;

/// <summary>
/// This party's identity keys and the parties it pins (docs/parties.md "Keys", docs/signing.md "The co-signer
/// service"): the roster is read, the identity file unsealed with the party's key provider, and the keys must be the
/// ones the roster pins for this party, else the service does not start (one line saying why). Owns the keys.
/// </summary>
public sealed class CosignerIdentity : IDisposable
{
    private CosignerIdentity(PartyKeys keys, PartyDirectory directory, CoordinatorOptions coordinator)
    {
        Keys = keys;
        Directory = directory;
        Coordinator = coordinator;
    }

    public PartyKeys Keys { get; }

    public PartyDirectory Directory { get; }

    /// <summary>Where the signer is, its party id and the certificate pin.</summary>
    public CoordinatorOptions Coordinator { get; }

    /// <summary>Reads and matches the identity of <paramref name="options"/>' party; an <see cref="InvalidOperationException"/> says what is wrong.</summary>
    public static async Task<CosignerIdentity> LoadAsync(CosignerOptions options, KeySealer sealer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sealer);
        var roster = PartyRoster.Load(options.RosterFile);
        if (!roster.Parties.TryGetValue(options.Party, out var own))
        {
            throw new InvalidOperationException($"party {options.Party} is not in the roster {options.RosterFile}");
        }

        if (!roster.Parties.TryGetValue(options.Coordinator, out var coordinator))
        {
            throw new InvalidOperationException($"the coordinator {options.Coordinator} is not in the roster {options.RosterFile}");
        }

        PartyKeys keys;
        try
        {
            keys = await PartyIdentityFile.LoadAsync(options.IdentityFile, options.Party, own.Party, sealer, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySealingException e)
        {
            throw new InvalidOperationException($"the identity file {options.IdentityFile} does not open as party {options.Party}'s with this key provider ({e.Error})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"the identity file {options.IdentityFile} cannot be read: {e.Message}", e);
        }

        try
        {
            if (!keys.Signing.PublicKey.AsSpan().SequenceEqual(own.SigningKey) || !keys.Encryption.PublicKey.AsSpan().SequenceEqual(own.EncryptionKey))
            {
                throw new InvalidOperationException(
                    $"the identity file {options.IdentityFile} holds signing key {Convert.ToHexStringLower(keys.Signing.PublicKey)}, "
                    + $"but the roster {options.RosterFile} pins {Convert.ToHexStringLower(own.SigningKey)} for {options.Party} (or the encryption keys differ)");
            }

            var address = new Uri(options.CoordinatorAddress, UriKind.Absolute);
            var pin = CosignerOptionsValidation.CertificatePin(options);
            return new CosignerIdentity(keys, roster.DirectoryFor(keys), new CoordinatorOptions(address, coordinator.Party, pin));
        }
        catch
        {
            keys.Dispose();
            throw;
        }
    }

    public void Dispose() => Keys.Dispose();
}
