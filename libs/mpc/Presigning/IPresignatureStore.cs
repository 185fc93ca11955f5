using Custody.Mpc.Protocol;

namespace Custody.Mpc.Presigning;

/// <summary>
/// A party's durable store of its presignature shares (docs/mpc.md "Presignatures"). Every replica of the party uses
/// the same store. What an implementation must guarantee:
/// <list type="bullet">
/// <item>shares are stored sealed (a store holds ciphertext bound to the wallet, party and presignature id);</item>
/// <item><see cref="ConsumeAsync"/> is an atomic transition available -> consumed that records the message hash and
/// this party's partial signature and deletes the secret values, committed before the partial is returned: of any
/// number of concurrent or successive consumes (other replicas, a restarted process) only those with the message
/// hash of the first get a partial, all the same one; every other is refused with
/// <see cref="PresignatureRefusedException"/>;</item>
/// <item>a request whose wallet, key, epoch, party or signing set differ from the stored share is refused without
/// consuming it.</item>
/// </list>
/// Shared logic every implementation uses: <see cref="PresignatureConsumption"/>.
/// </summary>
public interface IPresignatureStore
{
    /// <summary>Stores a new share (sealed); refuses an id already stored.</summary>
    ValueTask AddAsync(PresignatureShare share, CancellationToken cancellationToken);

    /// <summary>Consumes the presignature for the request's message, or returns the partial of an earlier consume of the same message.</summary>
    ValueTask<ConsumedPresignature> ConsumeAsync(PresignatureRequest request, CancellationToken cancellationToken);

    /// <summary>Ids of the presignatures still available for the wallet and exactly this party set.</summary>
    ValueTask<IReadOnlyList<byte[]>> AvailableAsync(string walletId, IReadOnlyList<PartyId> parties, CancellationToken cancellationToken);
}
