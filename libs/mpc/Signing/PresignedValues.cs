using Custody.Mpc.Curve;

namespace Custody.Mpc.Signing;

/// <summary>
/// What one party holds when DKLs23 Protocol 3.6 steps 1-2 are done and their checks have passed: everything the
/// last step needs except the message. R = sum_j R_j (public); u_i = r_i*phi + the u multiplication outputs, and
/// v_i = sk_i*phi + the v multiplication outputs (additive shares of r*phi and sk*phi); phi_i, this party's share of
/// the inversion mask. Normal signing goes on at once to step 3 with the message; presigning keeps these as a
/// <see cref="Presigning.PresignatureShare"/>. Secret: wiped by <see cref="Wipe"/>.
/// </summary>
internal sealed class PresignedValues(Point instancePoint, Scalar u, Scalar v, Scalar inversionMask)
{
    /// <summary>R, the nonce point of the signature (its x coordinate mod q is r).</summary>
    public Point InstancePoint { get; } = instancePoint;

    public Scalar U { get; private set; } = u;

    public Scalar V { get; private set; } = v;

    /// <summary>phi_i.</summary>
    public Scalar InversionMask { get; private set; } = inversionMask;

    /// <summary>
    /// Protocol 3.6 step 3, this party's partial signature: w_i = H(m)*phi_i + r_x*v_i, sent with u_i. Two partials
    /// of one set of values for two messages reveal phi_i (and from it v_i): these values are used at most once.
    /// </summary>
    public (Scalar U, Scalar W) Partial(ReadOnlySpan<byte> messageHash)
    {
        var e = Scalar.FromBytesReduced(messageHash);
        return (U, (e * InversionMask) + (InstancePoint.XAsScalar() * V));
    }

    public void Wipe()
    {
        U = Scalar.Zero;
        V = Scalar.Zero;
        InversionMask = Scalar.Zero;
    }
}
