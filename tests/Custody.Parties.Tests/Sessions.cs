using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Parties.Channel;
using Custody.Parties.Identity;

namespace Custody.Parties.Tests;

/// <summary>Runs signed MPC sessions over the party channel: every party's run is cancelled once any party's ends in an error.</summary>
internal static class Sessions
{
    public delegate ChannelTransport OpenSession(ReadOnlySpan<byte> session, IEnumerable<PartyId> participants);

    public sealed record Party(PartyId Id, PartyDirectory Directory, OpenSession Open);

    public static Party Of(PartyHub hub) => new(hub.Directory.Self.Party, hub.Directory, hub.OpenSession);

    public static Party Of(PartyLink link) => new(link.Directory.Self.Party, link.Directory, link.OpenSession);

    public static Task<Dictionary<PartyId, (KeyShare? Share, Exception? Error)>> DkgAsync(IReadOnlyList<Party> parties, int threshold)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        var ids = parties.Select(p => p.Id).ToArray();
        return RunAllAsync(parties, async (party, ct) =>
        {
            using var transport = party.Open(label, ids);
            return await DistributedKeyGeneration.RunAsync(label, party.Id, ids, threshold, MpcRandom.Secure, transport, ct, party.Directory.IdentitiesFor(ids));
        });
    }

    public static Task<Dictionary<PartyId, (EcdsaSignature? Share, Exception? Error)>> SignAsync(IReadOnlyList<Party> parties, IReadOnlyDictionary<PartyId, KeyShare> shares, byte[] hash, byte[]? label = null)
    {
        label ??= RandomNumberGenerator.GetBytes(32);
        var ids = parties.Select(p => p.Id).ToArray();
        return RunAllAsync(parties, async (party, ct) =>
        {
            using var transport = party.Open(label, ids);
            return await ThresholdSigning.RunAsync(shares[party.Id], label, ids, hash, MpcRandom.Secure, new InMemorySessionLedger(), transport, ct, party.Directory.IdentitiesFor(ids));
        });
    }

    private static async Task<Dictionary<PartyId, (T? Output, Exception? Error)>> RunAllAsync<T>(IReadOnlyList<Party> parties, Func<Party, CancellationToken, Task<T>> run)
        where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var tasks = parties.ToDictionary(p => p.Id, p => Task.Run(async () =>
        {
            try
            {
                return ((T?)await run(p, deadline.Token), (Exception?)null);
            }
            catch (Exception ex)
            {
                await deadline.CancelAsync();
                return (null, ex);
            }
        }));
        await Task.WhenAll(tasks.Values);
        return tasks.ToDictionary(t => t.Key, t => t.Value.Result);
    }
}
