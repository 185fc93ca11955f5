using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Presigning;

/// <summary>
/// What a store keeps of a presignature once it is consumed, and returns to every consume of the same message: the
/// request it was consumed for (which fixes the message hash), R, and this party's partial signature (u_i, w_i),
/// which is published in the online round anyway. The secrets (phi_i, v_i) are gone by then, so a crash after the
/// consume loses nothing but that presignature, and a repeated request cannot produce a second partial.
/// </summary>
public sealed class ConsumedPresignature
{
    internal ConsumedPresignature(PresignatureRequest request, Point instancePoint, Scalar u, Scalar w)
    {
        Request = request;
        InstancePoint = instancePoint;
        U = u;
        W = w;
    }

    /// <summary>The request the presignature was consumed for (wallet, id, key, epoch, party, signers, message hash).</summary>
    public PresignatureRequest Request { get; }

    public Point InstancePoint { get; }

    /// <summary>u_i.</summary>
    public Scalar U { get; }

    /// <summary>w_i = H(m)*phi_i + r_x*v_i.</summary>
    public Scalar W { get; }

    public PartyId Self => Request.Self;
}
