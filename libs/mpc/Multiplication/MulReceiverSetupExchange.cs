using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Ot.Group;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// One side of the one-round setup of an ordered pair, run at DKG/refresh: this party will be
/// the multiplication RECEIVER (Bob) toward <c>counterpart</c>; in the base OT it is the OT
/// sender with one key for the batch (<see cref="BaseOt"/>, endemic OT of Masny-Rindal eprint
/// 2019/706 Fig. 8). Usage: send
/// <see cref="CreateMessage"/>, then call <see cref="Finish"/> with the counterpart's
/// <see cref="MulSenderSetupExchange.CreateMessage"/>.
/// </summary>
public sealed class MulReceiverSetupExchange : IDisposable
{
    private readonly PartyId _self;
    private readonly PartyId _counterpart;
    private readonly Transcript _transcript;
    private readonly byte[] _s = new byte[Ristretto255.ScalarLength];
    private readonly byte[] _z = new byte[BaseOt.ElementLength];
    private readonly byte[] _message;
    private bool _finished;

    /// <param name="sessionId">Unique id of this setup run, agreed by both parties (e.g. DKG session id || pair).</param>
    public MulReceiverSetupExchange(ReadOnlySpan<byte> sessionId, PartyId self, PartyId counterpart, MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _self = self;
        _counterpart = counterpart;
        _transcript = BaseOt.StartTranscript(sessionId, mulSender: counterpart, mulReceiver: self);
        Ristretto255.RandomScalar(rng, _s);
        Ristretto255.MulBase(_s, _z);
        _message = new byte[BaseOt.SenderMessageLength];
        _message[0] = BaseOt.MessageVersion;
        _z.CopyTo(_message.AsSpan(1));
        RistrettoDlogProof.Prove(BaseOt.DlogTranscript(_transcript), _s, _z, rng, _message.AsSpan(1 + BaseOt.ElementLength));
    }

    /// <summary>The message for the counterpart (public).</summary>
    public byte[] CreateMessage() => (byte[])_message.Clone();

    /// <summary>
    /// Decodes every point of the counterpart's message and returns the setup. Throws
    /// <see cref="MpcAbortException"/> naming the counterpart on any failure.
    /// </summary>
    public MulReceiverSetup Finish(ReadOnlySpan<byte> counterpartMessage)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        var seeds0 = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
        var seeds1 = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
        var succeeded = false;
        try
        {
            MessageFrame.Require(counterpartMessage, BaseOt.ReceiverMessageLength, BaseOt.MessageVersion, _counterpart, "base-OT receiver message");
            var domain = BaseOt.HashDomain(_transcript);
            var prefix = BaseOt.KdfPrefix(_transcript, _z, counterpartMessage);
            var message = counterpartMessage.ToArray();
            var failures = new string?[OtParameters.Kappa];
            Parallel.For(0, OtParameters.Kappa, i => failures[i] = DeriveSeeds(domain, prefix, message, i, seeds0, seeds1));
            // The lowest failing index decides the reason, whatever the scheduling.
            if (failures.FirstOrDefault(f => f is not null) is { } reason)
            {
                throw new MpcAbortException(_counterpart, reason);
            }
            var setupId = BaseOt.SetupId(_transcript, _message, counterpartMessage);
            succeeded = true;
            return new MulReceiverSetup(_self, _counterpart, setupId, seeds0, seeds1);
        }
        finally
        {
            if (!succeeded)
            {
                // Seeds derived before a later entry failed its checks must not survive the abort.
                CryptographicOperations.ZeroMemory(seeds0);
                CryptographicOperations.ZeroMemory(seeds1);
            }
            Dispose();
        }
    }

    /// <summary>
    /// Seeds of entry i: Q_j = r_j + H(i, r_{1-j}), m_j = KDF(i, r_0, r_1, s*Q_j) for j = 0, 1. TryAdd (libsodium)
    /// refuses a non-canonical r_j (both slots are checked), the identity is refused explicitly, and TryMul refuses
    /// an identity Q_j (r_j = -H(i, r_{1-j})). Returns the abort reason, or null.
    /// </summary>
    private string? DeriveSeeds(ReadOnlySpan<byte> domain, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, int i, byte[] seeds0, byte[] seeds1)
    {
        Span<byte> q = stackalloc byte[BaseOt.ElementLength];
        Span<byte> hash = stackalloc byte[BaseOt.ElementLength];
        Span<byte> shared = stackalloc byte[BaseOt.ElementLength];
        try
        {
            var entry = message.Slice(BaseOt.EntryOffset(i), BaseOt.ReceiverEntryLength);
            for (var j = 0; j < 2; j++)
            {
                var own = entry.Slice(j * BaseOt.ElementLength, BaseOt.ElementLength);
                var other = entry.Slice((1 - j) * BaseOt.ElementLength, BaseOt.ElementLength);
                BaseOt.HashPoint(domain, i, other, hash);
                if (Ristretto255.IsIdentity(own) || !Ristretto255.TryAdd(own, hash, q))
                {
                    return "base-OT receiver sent an invalid group element";
                }
                if (!Ristretto255.TryMul(_s, q, shared))
                {
                    return "base-OT receiver sent an element that cancels its hash (key at the identity)";
                }
                var seeds = j == 0 ? seeds0 : seeds1;
                BaseOt.DeriveKey(prefix, i, entry, shared, seeds.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
            }
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    public void Dispose()
    {
        _finished = true;
        CryptographicOperations.ZeroMemory(_s);
    }
}
