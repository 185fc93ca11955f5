using System.Security.Cryptography;
using Custody.Mpc.Ot.Group;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// What a party's identity key signs for one message: a domain tag, the routing id, the session binding, the
/// protocol, the round, sender and recipient, and the SHA-256 of the payload (Ed25519, RFC 8032, libsodium).
/// Signing the payload's digest instead of the payload keeps the cost independent of message size and lets an echo
/// carry another party's signed statement in 96 bytes (digest and signature).
/// <para>
/// Soundness of a proof of equivocation (<see cref="EquivocationEvidence"/>): an honest party signs one message per
/// (session binding, round, recipient). That holds for statements bound to an agreed session id (every party
/// contributed fresh randomness to it, so no two runs share it) and not for those bound to the caller's label (a
/// retry under the same label signs a new round-0 message): only <see cref="IsAgreed"/> statements prove anything.
/// </para>
/// </summary>
public sealed class SignedStatement
{
    public const int SignatureLength = 64;

    public const int DigestLength = 32;

    private static readonly byte[] DomainTag = "custody/mpc/message/v2"u8.ToArray();

    private readonly byte[] _routingId;
    private readonly byte[] _binding;
    private readonly byte[] _payloadDigest;
    private readonly byte[] _signature;

    public SignedStatement(ReadOnlySpan<byte> routingId, ReadOnlySpan<byte> binding, MpcProtocol protocol, byte round, PartyId from, PartyId? to, ReadOnlySpan<byte> payloadDigest, ReadOnlySpan<byte> signature)
    {
        if (payloadDigest.Length != DigestLength)
        {
            throw new ArgumentException("the payload digest is 32 bytes", nameof(payloadDigest));
        }

        _routingId = routingId.ToArray();
        _binding = binding.ToArray();
        Protocol = protocol;
        Round = round;
        From = from;
        To = to;
        _payloadDigest = payloadDigest.ToArray();
        _signature = signature.ToArray();
    }

    public ReadOnlySpan<byte> RoutingId => _routingId;

    public ReadOnlySpan<byte> Binding => _binding;

    public MpcProtocol Protocol { get; }

    public byte Round { get; }

    public PartyId From { get; }

    public PartyId? To { get; }

    public ReadOnlySpan<byte> PayloadDigest => _payloadDigest;

    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Bound to an agreed session id (not the caller's label): only such statements can prove equivocation.</summary>
    public bool IsAgreed => !_binding.AsSpan().SequenceEqual(_routingId);

    /// <summary>The same header with another payload digest and signature (an echo's claim about this slot).</summary>
    internal SignedStatement WithClaim(ReadOnlySpan<byte> payloadDigest, ReadOnlySpan<byte> signature) =>
        new(_routingId, _binding, Protocol, Round, From, To, payloadDigest, signature);

    /// <summary>Whether <see cref="Signature"/> is <see cref="From"/>'s signature under its pinned <paramref name="publicKey"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == PartyIdentityKey.PublicKeyLength
        && _signature.Length == SignatureLength
        && SodiumSign.Verify(_signature, SignedBytes(), publicKey);

    /// <summary>Whether both statements are about the same message slot (routing id, binding, protocol, round, sender, recipient).</summary>
    public bool SameSlot(SignedStatement other) =>
        other is not null
        && _routingId.AsSpan().SequenceEqual(other._routingId)
        && _binding.AsSpan().SequenceEqual(other._binding)
        && Protocol == other.Protocol && Round == other.Round && From == other.From && To == other.To;

    public bool SamePayload(SignedStatement other) => CryptographicOperations.FixedTimeEquals(_payloadDigest, other._payloadDigest);

    internal byte[] SignedBytes()
    {
        using var writer = new WireWriter(DomainTag.Length + _routingId.Length + _binding.Length + 64);
        writer.WriteBytes(DomainTag);
        writer.WriteBytes(_routingId);
        writer.WriteBytes(_binding);
        writer.WriteByte((byte)Protocol);
        writer.WriteByte(Round);
        WireCodec.WritePartyId(writer, From);
        writer.WriteByte(To is null ? (byte)1 : (byte)0);
        if (To is { } to)
        {
            WireCodec.WritePartyId(writer, to);
        }

        writer.WriteFixed(_payloadDigest);
        return writer.ToArray();
    }

    public override string ToString() => $"{Protocol} round {Round} from {From} to {(To is { } to ? to.ToString() : "all")}";
}
