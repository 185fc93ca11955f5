using Custody.Mpc.Curve;
using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>
/// Signing round 2, from i to j (Protocol 3.6 step 2): the opening of R_i (point and salt), pk_i = sk_i*G,
/// Gamma^u_ij = c^u_ij*G and Gamma^v_ij = c^v_ij*G (images of i's RVOLE sender outputs), psi_ij = phi_i - chi_ij,
/// the RVOLE sender's response to j's request on inputs (r_i, sk_i), and the echo of the round-1 broadcasts (one
/// SHA-256 digest per signer, ascending), checked before any pairwise check of this round.
/// </summary>
public sealed class SignRound2Direct
{
    public SignRound2Direct(Point instanceKey, ReadOnlySpan<byte> salt, Point publicShare, Point gammaU, Point gammaV, Scalar psi, ReadOnlySpan<byte> multiplicationResponse, ReadOnlySpan<byte> echo)
    {
        ArgumentNullException.ThrowIfNull(instanceKey);
        ArgumentNullException.ThrowIfNull(publicShare);
        ArgumentNullException.ThrowIfNull(gammaU);
        ArgumentNullException.ThrowIfNull(gammaV);
        if (salt.Length != Commitment.SaltLength)
        {
            throw new ArgumentException("salt is 32 bytes", nameof(salt));
        }

        InstanceKey = instanceKey;
        Salt = salt.ToArray();
        PublicShare = publicShare;
        GammaU = gammaU;
        GammaV = gammaV;
        Psi = psi;
        MultiplicationResponse = multiplicationResponse.ToArray();
        Echo = echo.ToArray();
    }

    /// <summary>R_i.</summary>
    public Point InstanceKey { get; }

    public byte[] Salt { get; }

    /// <summary>pk_i = (lambda_i * x_i + zeta_i) * G.</summary>
    public Point PublicShare { get; }

    public Point GammaU { get; }

    public Point GammaV { get; }

    public Scalar Psi { get; }

    public byte[] MultiplicationResponse { get; }

    /// <summary>Digests of the round-1 broadcasts the sender received (its own included), in signer order.</summary>
    public byte[] Echo { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(256 + MultiplicationResponse.Length + Echo.Length);
        WireCodec.WritePoint(writer, InstanceKey);
        writer.WriteFixed(Salt);
        WireCodec.WritePoint(writer, PublicShare);
        WireCodec.WritePoint(writer, GammaU);
        WireCodec.WritePoint(writer, GammaV);
        WireCodec.WriteScalar(writer, Psi);
        writer.WriteBytes(MultiplicationResponse);
        writer.WriteBytes(Echo);
        return writer.ToArray();
    }

    public static SignRound2Direct Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound2Direct(
            WireCodec.ReadPoint(reader),
            reader.ReadFixed(Commitment.SaltLength),
            WireCodec.ReadPoint(reader),
            WireCodec.ReadPoint(reader),
            WireCodec.ReadPoint(reader),
            WireCodec.ReadScalar(reader),
            reader.ReadBytes(),
            reader.ReadBytes());
        reader.EnsureEnd();
        return message;
    }

    /// <summary>The bytes committed to in round 1: R_i encoded.</summary>
    public static byte[] CommittedValue(Point instanceKey)
    {
        ArgumentNullException.ThrowIfNull(instanceKey);
        return instanceKey.Encode();
    }
}
