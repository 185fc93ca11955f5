using System.Security.Cryptography;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// Long-lived OT state of the multiplication RECEIVER ("Bob", input b) toward one counterpart:
/// both base-OT seeds (k0_i, k1_i) for i &lt; 128. Produced by <see cref="MulReceiverSetupExchange"/>;
/// secret; wiped on <see cref="Dispose"/>.
/// <para>
/// Serialised format, version 1 (<see cref="EncodedLength"/> = 4134 bytes):
/// <c>0x01 (version) || 0x52 ('R') || u16 receiver id || u16 sender id || setup id (32) ||
/// 128 seeds k0 (16 each) || 128 seeds k1 (16 each)</c>; all integers big-endian.
/// </para>
/// </summary>
public sealed class MulReceiverSetup : IDisposable
{
    public const byte FormatVersion = 1;
    private const byte Kind = 0x52;
    private const int SeedsLength = OtParameters.Kappa * OtParameters.KappaBytes;

    public const int EncodedLength = 1 + 1 + 2 + 2 + 32 + (2 * SeedsLength);

    private readonly byte[] _seeds0;
    private readonly byte[] _seeds1;
    private readonly SessionIdRegistry _usedSessions = new();
    private bool _disposed;

    internal MulReceiverSetup(PartyId self, PartyId counterpart, byte[] setupId, byte[] seeds0, byte[] seeds1)
    {
        Self = self;
        Counterpart = counterpart;
        SetupId = setupId;
        _seeds0 = seeds0;
        _seeds1 = seeds1;
    }

    /// <summary>This party (the multiplication receiver).</summary>
    public PartyId Self { get; }

    /// <summary>The multiplication sender.</summary>
    public PartyId Counterpart { get; }

    internal byte[] SetupId { get; }

    internal ReadOnlySpan<byte> Seeds0 => ThrowIfDisposed()._seeds0;

    internal ReadOnlySpan<byte> Seeds1 => ThrowIfDisposed()._seeds1;

    internal void ClaimSession(ReadOnlySpan<byte> sessionId) => _usedSessions.Claim(sessionId);

    public void WriteTo(Span<byte> destination)
    {
        ThrowIfDisposed();
        if (destination.Length != EncodedLength)
        {
            throw new ArgumentException($"A receiver setup is {EncodedLength} bytes.", nameof(destination));
        }
        destination[0] = FormatVersion;
        destination[1] = Kind;
        Self.WriteBytes(destination[2..]);
        Counterpart.WriteBytes(destination[4..]);
        SetupId.CopyTo(destination[6..]);
        _seeds0.CopyTo(destination[38..]);
        _seeds1.CopyTo(destination[(38 + SeedsLength)..]);
    }

    /// <summary>The serialised setup (secret: the caller stores it encrypted and wipes the array).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses the format above; throws <see cref="FormatException"/> on any deviation.</summary>
    public static MulReceiverSetup ReadFrom(ReadOnlySpan<byte> source)
    {
        if (source.Length != EncodedLength || source[0] != FormatVersion || source[1] != Kind
            || !PartyId.TryRead(source[2..4], out var self) || !PartyId.TryRead(source[4..6], out var counterpart)
            || self == counterpart)
        {
            throw new FormatException("Not a version 1 multiplication receiver setup.");
        }
        return new MulReceiverSetup(
            self,
            counterpart,
            source[6..38].ToArray(),
            source[38..(38 + SeedsLength)].ToArray(),
            source[(38 + SeedsLength)..].ToArray());
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        CryptographicOperations.ZeroMemory(_seeds0);
        CryptographicOperations.ZeroMemory(_seeds1);
    }

    private MulReceiverSetup ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return this;
    }

    public override string ToString() => $"MulReceiverSetup({Self} <- {Counterpart}, ***)";
}
