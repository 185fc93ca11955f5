namespace Custody.Mpc.Presigning;

/// <summary>The decisions every <see cref="IPresignatureStore"/> makes the same way, inside its atomic transition.</summary>
public static class PresignatureConsumption
{
    /// <summary>
    /// Finishes an available share for the request: refuses a share that is not the one requested (nothing consumed),
    /// else computes this party's partial (Protocol 3.6 step 3, w_i = H(m)*phi_i + r_x*v_i) and wipes the share.
    /// The store must commit the returned record, and drop the sealed share, before it hands the partial out.
    /// </summary>
    public static ConsumedPresignature Finish(PresignatureShare share, PresignatureRequest request)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (request.MismatchOf(share) is { } refusal)
            {
                throw refusal;
            }

            var (u, w) = share.Values.Partial(request.MessageHash);
            return new ConsumedPresignature(request, share.InstancePoint, u, w);
        }
        finally
        {
            share.Dispose();
        }
    }

    /// <summary>
    /// A consume of a presignature already consumed: the same request (same message hash) gets the same partial again
    /// (at-least-once delivery, a retry after a crash); any other is refused, since a second message would reveal the
    /// key share.
    /// </summary>
    public static ConsumedPresignature Repeat(ConsumedPresignature consumed, PresignatureRequest request)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        ArgumentNullException.ThrowIfNull(request);
        var earlier = consumed.Request;
        if (request.MismatchWith(earlier.WalletId, earlier.PresignatureId, earlier.KeyId, earlier.Epoch, earlier.Self, earlier.Signers) is { } reason)
        {
            throw new PresignatureRefusedException($"presignature {request.IdHex} of wallet {request.WalletId} refused: {reason}");
        }

        if (!request.MessageHash.SequenceEqual(earlier.MessageHash))
        {
            throw new PresignatureRefusedException($"presignature {request.IdHex} of wallet {request.WalletId} was already used for another message; a second message on one presignature would reveal the key share, so it is refused for good");
        }

        return consumed;
    }
}
