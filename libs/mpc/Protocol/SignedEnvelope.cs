using Custody.Mpc.Ot.Group;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Protocol;

/// <summary>
/// An envelope with its sender's Ed25519 signature: the signature covers a domain tag and the
/// envelope's wire encoding (session label, protocol, round, sender, recipient, payload), so a party holding a
/// signed message can prove to anyone with the sender's pinned public key what the sender said in that round.
/// Wire format: <c>u32 length || envelope bytes || 64-byte signature</c>.
/// <para>
/// Status: the format, signing and verification are built and tested; the rounds do not yet require signed
/// envelopes, and the echo checks do not yet exchange signed copies to prove an equivocation (a transport that
/// carries <see cref="SignedEnvelope"/> and a complaint round are the next step; docs/mpc.md).
/// </para>
/// </summary>
public sealed class SignedEnvelope
{
    public const int SignatureLength = 64;

    private static readonly byte[] DomainTag = "custody/mpc/signed-envelope/v1"u8.ToArray();

    private readonly byte[] _encoded;
    private readonly byte[] _signature;

    private SignedEnvelope(MpcEnvelope envelope, byte[] encoded, byte[] signature)
    {
        Envelope = envelope;
        _encoded = encoded;
        _signature = signature;
    }

    public MpcEnvelope Envelope { get; }

    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Signs <paramref name="envelope"/> with its sender's identity key.</summary>
    public static SignedEnvelope Sign(MpcEnvelope envelope, PartyIdentityKey key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        var encoded = envelope.ToBytes();
        return new SignedEnvelope(envelope, encoded, key.Sign(SignedMessage(encoded)));
    }

    /// <summary>Whether the signature is the sender's under <paramref name="senderPublicKey"/> (the key pinned for <see cref="MpcEnvelope.From"/>).</summary>
    public bool Verify(ReadOnlySpan<byte> senderPublicKey) =>
        senderPublicKey.Length == PartyIdentityKey.PublicKeyLength && SodiumSign.Verify(_signature, SignedMessage(_encoded), senderPublicKey);

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(_encoded.Length + SignatureLength + 4);
        writer.WriteBytes(_encoded);
        writer.WriteFixed(_signature);
        return writer.ToArray();
    }

    /// <summary>Parses the format above (the signature is checked by <see cref="Verify"/>, not here).</summary>
    public static SignedEnvelope FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes.ToArray());
        var encoded = reader.ReadBytes().ToArray();
        var signature = reader.ReadFixed(SignatureLength).ToArray();
        reader.EnsureEnd();
        return new SignedEnvelope(MpcEnvelope.FromBytes(encoded), encoded, signature);
    }

    private static byte[] SignedMessage(ReadOnlySpan<byte> encoded) => [.. DomainTag, .. encoded];
}
