using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// One side of the one-round setup of an ordered pair, run at DKG/refresh: this party will be
/// the multiplication RECEIVER (Bob) toward <c>counterpart</c>; in the base OT it is the OT
/// sender (<see cref="BaseOt"/>, Zhou et al. eprint 2022/1525 Section 3). Usage: send
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
    /// Verifies every point and bit proof in the counterpart's message and returns the setup.
    /// Throws <see cref="MpcAbortException"/> naming the counterpart on any failure.
    /// </summary>
    public MulReceiverSetup Finish(ReadOnlySpan<byte> counterpartMessage)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            if (counterpartMessage.Length != BaseOt.ReceiverMessageLength || counterpartMessage[0] != BaseOt.MessageVersion)
            {
                throw new MpcAbortException(_counterpart, "malformed base-OT receiver message");
            }
            var seed = counterpartMessage.Slice(1, BaseOt.SeedLength);
            var h = BaseOt.DeriveH(_transcript, seed);
            var prefix = BaseOt.KdfPrefix(_transcript, _z, seed);
            var seeds0 = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
            var seeds1 = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
            for (var i = 0; i < OtParameters.Kappa; i++)
            {
                var entry = counterpartMessage.Slice(1 + BaseOt.SeedLength + (i * BaseOt.ReceiverEntryLength), BaseOt.ReceiverEntryLength);
                if (!Point.TryDecode(entry[..Point.EncodedLength], out var u)
                    || !Point.TryDecode(entry.Slice(Point.EncodedLength, Point.EncodedLength), out var v))
                {
                    throw new MpcAbortException(_counterpart, "base-OT receiver sent an invalid point");
                }
                if (!BitEncryptionProof.Verify(BaseOt.BitProofTranscript(_transcript, i), h, u, v, entry[(2 * Point.EncodedLength)..]))
                {
                    throw new MpcAbortException(_counterpart, "base-OT receiver bit proof failed");
                }
                // m0_i = KDF(i, s*v_i), m1_i = KDF(i, s*(v_i - h))
                BaseOt.DeriveKey(prefix, i, u, v, v * _s[0], seeds0.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
                BaseOt.DeriveKey(prefix, i, u, v, (v - h) * _s[0], seeds1.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
            }
            var setupId = BaseOt.SetupId(_transcript, _message, counterpartMessage);
            return new MulReceiverSetup(_self, _counterpart, setupId, seeds0, seeds1);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _finished = true;
        Array.Clear(_s);
    }
}
