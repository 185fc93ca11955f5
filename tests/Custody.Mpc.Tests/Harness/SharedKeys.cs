using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Harness;

/// <summary>
/// One 2-of-3 DKG per test class (base OT is the expensive part); each test takes fresh, independent copies of the
/// shares by deserialising them, so pair discards in one test never leak into another.
/// </summary>
public sealed class SharedKeys : IAsyncLifetime
{
    private Dictionary<PartyId, byte[]> _serialized = [];

    public Point PublicKey { get; private set; } = Point.Generator;

    public async ValueTask InitializeAsync()
    {
        var shares = await Cluster.GenerateAsync(2, 3, MpcRandom.Seeded(0x5eed));
        PublicKey = shares.Values.First().PublicKey;
        _serialized = shares.ToDictionary(s => s.Key, s => KeyShareCodec.Serialize(s.Value));
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    public Dictionary<PartyId, KeyShare> Fresh() => _serialized.ToDictionary(s => s.Key, s => KeyShareCodec.Deserialize(s.Value));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
