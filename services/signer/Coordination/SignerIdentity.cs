using Custody.Keys.Sealing;
using Custody.Parties.Identity;

namespace Custody.Signer.Coordination;

/// <summary>
/// The signer's party identity (docs/parties.md "Identity keys", "The roster"): its keys unsealed from its identity
/// file with its own key provider, and the roster every operator agreed. Loaded once at start; a missing or foreign
/// identity (keys other than the roster pins for this party) stops the service with the reason.
/// </summary>
public sealed class SignerIdentity : IDisposable
{
    private SignerIdentity(string party, PartyKeys keys, PartyRoster roster)
    {
        Party = party;
        Keys = keys;
        Roster = roster;
        Directory = roster.DirectoryFor(keys);
    }

    public string Party { get; }

    public PartyKeys Keys { get; }

    public PartyRoster Roster { get; }

    public PartyDirectory Directory { get; }

    public static async Task<SignerIdentity> LoadAsync(SignerOptions options, IKeyEncryptionProvider provider, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roster = PartyRoster.Load(options.RosterFile);
        if (!roster.Parties.TryGetValue(options.Party, out var pinned))
        {
            throw new InvalidOperationException($"the roster {options.RosterFile} has no party {options.Party}");
        }

        var keys = await PartyIdentityFile.LoadAsync(options.IdentityFile, options.Party, pinned.Party, new KeySealer(provider), ct).ConfigureAwait(false);
        try
        {
            return new SignerIdentity(options.Party, keys, roster);
        }
        catch (ArgumentException e)
        {
            keys.Dispose();
            throw new InvalidOperationException($"{options.IdentityFile}: {e.Message} (the roster pins other keys for {options.Party})", e);
        }
    }

    public void Dispose() => Keys.Dispose();
}
