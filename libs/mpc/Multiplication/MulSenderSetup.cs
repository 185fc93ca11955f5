using System.Security.Cryptography;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// Long-lived OT state of the multiplication SENDER ("Alice", inputs a) toward one counterpart:
/// the KOS correlation Delta (kappa = 128 bits) and the base-OT seeds k_{Delta_i}. Produced by
/// <see cref="MulSenderSetupExchange"/>; secret; wiped on <see cref="Dispose"/>.
/// <para>
/// Serialised format, version 1 (<see cref="EncodedLength"/> = 2102 bytes):
/// <c>0x01 (version) || 0x53 ('S') || u16 sender id || u16 receiver id || setup id (32) ||
/// Delta (16) || 128 seeds (16 each)</c>; all integers big-endian.
/// </para>
/// </summary>
public sealed class MulSenderSetup : IDisposable
{
    public const byte FormatVersion = 1;
    private const byte Kind = 0x53;

    public const int EncodedLength = 1 + 1 + 2 + 2 + 32 + OtParameters.KappaBytes + (OtParameters.Kappa * OtParameters.KappaBytes);

    private readonly byte[] _delta;
    private readonly byte[] _seeds;
    private readonly SessionIdRegistry _usedSessions = new();
    private bool _disposed;

    internal MulSenderSetup(PartyId self, PartyId counterpart, byte[] setupId, byte[] delta, byte[] seeds)
    {
        Self = self;
        Counterpart = counterpart;
        SetupId = setupId;
        _delta = delta;
        _seeds = seeds;
    }

    /// <summary>This party (the multiplication sender).</summary>
    public PartyId Self { get; }

    /// <summary>The multiplication receiver.</summary>
    public PartyId Counterpart { get; }

    internal byte[] SetupId { get; }

    internal ReadOnlySpan<byte> Delta => ThrowIfDisposed()._delta;

    internal ReadOnlySpan<byte> Seeds => ThrowIfDisposed()._seeds;

    /// <summary>Refuses a session id this instance has already used (defence in depth; see README).</summary>
    internal void ClaimSession(ReadOnlySpan<byte> sessionId) => _usedSessions.Claim(sessionId);

    public void WriteTo(Span<byte> destination)
    {
        ThrowIfDisposed();
        if (destination.Length != EncodedLength)
        {
            throw new ArgumentException($"A sender setup is {EncodedLength} bytes.", nameof(destination));
        }
        destination[0] = FormatVersion;
        destination[1] = Kind;
        Self.WriteBytes(destination[2..]);
        Counterpart.WriteBytes(destination[4..]);
        SetupId.CopyTo(destination[6..]);
        _delta.CopyTo(destination[38..]);
        _seeds.CopyTo(destination[(38 + OtParameters.KappaBytes)..]);
    }

    /// <summary>The serialised setup (secret: the caller stores it encrypted and wipes the array).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses the format above; throws <see cref="FormatException"/> on any deviation.</summary>
    public static MulSenderSetup ReadFrom(ReadOnlySpan<byte> source)
    {
        if (source.Length != EncodedLength || source[0] != FormatVersion || source[1] != Kind
            || !PartyId.TryRead(source[2..4], out var self) || !PartyId.TryRead(source[4..6], out var counterpart)
            || self == counterpart)
        {
            throw new FormatException("Not a version 1 multiplication sender setup.");
        }
        return new MulSenderSetup(
            self,
            counterpart,
            source[6..38].ToArray(),
            source[38..(38 + OtParameters.KappaBytes)].ToArray(),
            source[(38 + OtParameters.KappaBytes)..].ToArray());
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        CryptographicOperations.ZeroMemory(_delta);
        CryptographicOperations.ZeroMemory(_seeds);
    }

    private MulSenderSetup ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return this;
    }

    public override string ToString() => $"MulSenderSetup({Self} -> {Counterpart}, ***)";
}
