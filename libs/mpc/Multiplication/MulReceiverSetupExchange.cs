using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
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
    private readonly Scalar[] _s = new Scalar[1];
    private readonly Point _z;
    private readonly byte[] _message;
    private bool _finished;

    /// <param name="sessionId">Unique id of this setup run, agreed by both parties (e.g. DKG session id || pair).</param>
    public MulReceiverSetupExchange(ReadOnlySpan<byte> sessionId, PartyId self, PartyId counterpart, MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _self = self;
        _counterpart = counterpart;
        _transcript = BaseOt.StartTranscript(sessionId, mulSender: counterpart, mulReceiver: self);
        _s[0] = Scalar.RandomNonZero(rng);
        _z = Point.MulBase(_s[0]);
        _message = new byte[BaseOt.SenderMessageLength];
        _message[0] = BaseOt.MessageVersion;
        _z.WriteEncoded(_message.AsSpan(1));
        DlogProof.Prove(BaseOt.DlogTranscript(_transcript), _s[0], _z, rng, _message.AsSpan(1 + Point.EncodedLength));
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
            for (var i = 0; i < OtParameters.Kappa; i++)
            {
                var entry = counterpartMessage.Slice(BaseOt.EntryOffset(i), BaseOt.ReceiverEntryLength);
                var encoded0 = entry[..Point.EncodedLength];
                var encoded1 = entry[Point.EncodedLength..];
                if (!Point.TryDecode(encoded0, out var r0) || !Point.TryDecode(encoded1, out var r1))
                {
                    throw new MpcAbortException(_counterpart, "base-OT receiver sent an invalid point");
                }
                // Q_j = r_j + H(i, r_{1-j}); m_j = KDF(i, r_0, r_1, s*Q_j)
                var q0 = r0 + BaseOt.HashPoint(domain, i, encoded1);
                var q1 = r1 + BaseOt.HashPoint(domain, i, encoded0);
                if (q0.IsInfinity || q1.IsInfinity)
                {
                    throw new MpcAbortException(_counterpart, "base-OT receiver sent a point that cancels its hash (key at infinity)");
                }
                BaseOt.DeriveKey(prefix, i, entry, q0 * _s[0], seeds0.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
                BaseOt.DeriveKey(prefix, i, entry, q1 * _s[0], seeds1.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
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

    public void Dispose()
    {
        _finished = true;
        Array.Clear(_s);
    }
}
