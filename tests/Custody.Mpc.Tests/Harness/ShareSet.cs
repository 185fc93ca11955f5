using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Harness;

/// <summary>Disposes a set of shares (including any a test puts in place of one).</summary>
public sealed class ShareSet(Dictionary<PartyId, KeyShare> shares) : IDisposable
{
    public Dictionary<PartyId, KeyShare> Shares { get; } = shares;

    public void Dispose()
    {
        foreach (var share in Shares.Values)
        {
            share.Dispose();
        }
    }
}
