using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Ot.Group;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// One side of the one-round setup of an ordered pair, run at DKG/refresh: this party will be
/// the multiplication SENDER (Alice) toward <c>counterpart</c>; in the base OT it is the OT
/// receiver whose choice bits are the KOS correlation Delta (<see cref="BaseOt"/>, endemic OT of
/// Masny-Rindal eprint 2019/706 Fig. 8). Usage: send <see cref="CreateMessage"/> to the counterpart (it
/// does not depend on the counterpart's message), then call <see cref="Finish"/> with the
/// counterpart's <see cref="MulReceiverSetupExchange.CreateMessage"/>.
/// </summary>
public sealed class MulSenderSetupExchange : IDisposable
{
    private readonly PartyId _self;
    private readonly PartyId _counterpart;
    private readonly Transcript _transcript;
    private readonly byte[] _delta = new byte[OtParameters.KappaBytes];
    private readonly byte[] _x = new byte[OtParameters.Kappa * Ristretto255.ScalarLength];
    private readonly byte[] _message;
    private bool _finished;

    /// <param name="sessionId">Unique id of this setup run, agreed by both parties (e.g. DKG session id || pair).</param>
    public MulSenderSetupExchange(ReadOnlySpan<byte> sessionId, PartyId self, PartyId counterpart, MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _self = self;
        _counterpart = counterpart;
        _transcript = BaseOt.StartTranscript(sessionId, mulSender: self, mulReceiver: counterpart);
        rng.Fill(_delta);

        _message = new byte[BaseOt.ReceiverMessageLength];
        _message[0] = BaseOt.MessageVersion;
        var domain = BaseOt.HashDomain(_transcript);
        // All randomness is drawn first, in a fixed order (so a seeded run is reproducible); the group operations of
        // the 128 OTs then run in parallel.
        var uniform = new byte[OtParameters.Kappa * Ristretto255.HashLength];
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            Ristretto255.RandomScalar(rng, ScalarAt(i));
            rng.Fill(uniform.AsSpan(i * Ristretto255.HashLength, Ristretto255.HashLength));
        }
        var retry = new bool[OtParameters.Kappa];
        Parallel.For(0, OtParameters.Kappa, i => retry[i] = !TryMakeEntry(domain, i, uniform.AsSpan(i * Ristretto255.HashLength, Ristretto255.HashLength)));
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            // x_i*B == H(i, r_{1-b}) happens with probability about 2^-252: draw again for that entry.
            while (retry[i])
            {
                Ristretto255.RandomScalar(rng, ScalarAt(i));
                rng.Fill(uniform.AsSpan(i * Ristretto255.HashLength, Ristretto255.HashLength));
                retry[i] = !TryMakeEntry(domain, i, uniform.AsSpan(i * Ristretto255.HashLength, Ristretto255.HashLength));
            }
        }
    }

    /// <summary>
    /// Entry i (Masny-Rindal Fig. 8): r_{1-b} = OneWayMap(uniform), r_b = x_i*B - H(i, r_{1-b}). The same operations
    /// run for either bit; only the constant-time placement depends on b. False when r_b is the identity.
    /// </summary>
    private bool TryMakeEntry(ReadOnlySpan<byte> domain, int i, ReadOnlySpan<byte> uniform)
    {
        Span<byte> random = stackalloc byte[BaseOt.ElementLength];
        Span<byte> key = stackalloc byte[BaseOt.ElementLength];
        Span<byte> hash = stackalloc byte[BaseOt.ElementLength];
        Span<byte> chosen = stackalloc byte[BaseOt.ElementLength];
        try
        {
            Ristretto255.MulBase(ScalarAt(i), key);
            Ristretto255.FromHash(uniform, random);
            BaseOt.HashPoint(domain, i, random, hash);
            if (!Ristretto255.TrySubtract(key, hash, chosen))
            {
                throw new InvalidOperationException("libsodium refused its own group elements.");
            }
            if (Ristretto255.IsIdentity(chosen))
            {
                return false;
            }
            var entry = _message.AsSpan(BaseOt.EntryOffset(i), BaseOt.ReceiverEntryLength);
            PlaceBySelector(BitMatrix.GetBit(_delta, i), chosen, random, entry);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(chosen);
        }
    }

    /// <summary>The message for the counterpart (public).</summary>
    public byte[] CreateMessage() => (byte[])_message.Clone();

    /// <summary>
    /// Verifies the counterpart's message (its proof of knowledge of the OT key) and returns the
    /// setup. Throws <see cref="MpcAbortException"/> naming the counterpart on any failure.
    /// </summary>
    public MulSenderSetup Finish(ReadOnlySpan<byte> counterpartMessage)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            MessageFrame.Require(counterpartMessage, BaseOt.SenderMessageLength, BaseOt.MessageVersion, _counterpart, "base-OT sender message");
            var z = counterpartMessage.Slice(1, BaseOt.ElementLength);
            if (!Ristretto255.IsValidElement(z))
            {
                throw new MpcAbortException(_counterpart, "base-OT sender key is not a valid group element");
            }
            if (!RistrettoDlogProof.Verify(BaseOt.DlogTranscript(_transcript), z, counterpartMessage[(1 + BaseOt.ElementLength)..]))
            {
                throw new MpcAbortException(_counterpart, "base-OT sender proof of knowledge failed");
            }

            var prefix = BaseOt.KdfPrefix(_transcript, z, _message);
            var seeds = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
            var zBytes = z.ToArray();
            var failed = 0;
            Parallel.For(0, OtParameters.Kappa, i =>
            {
                // m_{Delta_i} = KDF(i, r_0, r_1, x_i * z); z is valid and x_i non-zero, so the product is never the identity.
                Span<byte> shared = stackalloc byte[BaseOt.ElementLength];
                var entry = _message.AsSpan(BaseOt.EntryOffset(i), BaseOt.ReceiverEntryLength);
                if (Ristretto255.TryMul(ScalarAt(i), zBytes, shared))
                {
                    BaseOt.DeriveKey(prefix, i, entry, shared, seeds.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
                }
                else
                {
                    Interlocked.Exchange(ref failed, 1);
                }
                CryptographicOperations.ZeroMemory(shared);
            });
            if (failed != 0)
            {
                CryptographicOperations.ZeroMemory(seeds);
                throw new MpcAbortException(_counterpart, "base-OT sender key gives the identity");
            }
            var setupId = BaseOt.SetupId(_transcript, counterpartMessage, _message);
            return new MulSenderSetup(_self, _counterpart, setupId, (byte[])_delta.Clone(), seeds);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _finished = true;
        CryptographicOperations.ZeroMemory(_delta);
        CryptographicOperations.ZeroMemory(_x);
    }

    /// <summary>entry = r_0 || r_1 = bit ? (other || chosen) : (chosen || other), without a branch on the bit.</summary>
    private static void PlaceBySelector(int bit, ReadOnlySpan<byte> chosen, ReadOnlySpan<byte> other, Span<byte> entry)
    {
        var mask = (byte)-bit; // 0xFF when the bit is 1
        for (var k = 0; k < BaseOt.ElementLength; k++)
        {
            var difference = (byte)((chosen[k] ^ other[k]) & mask);
            entry[k] = (byte)(chosen[k] ^ difference);
            entry[BaseOt.ElementLength + k] = (byte)(other[k] ^ difference);
        }
    }

    private Span<byte> ScalarAt(int index) => _x.AsSpan(index * Ristretto255.ScalarLength, Ristretto255.ScalarLength);
}
