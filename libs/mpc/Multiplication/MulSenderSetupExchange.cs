using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// One side of the one-round setup of an ordered pair, run at DKG/refresh: this party will be
/// the multiplication SENDER (Alice) toward <c>counterpart</c>; in the base OT it is the OT
/// receiver whose choice bits are the KOS correlation Delta (<see cref="BaseOt"/>, Zhou et al.
/// eprint 2022/1525 Section 3). Usage: send <see cref="CreateMessage"/> to the counterpart (it
/// does not depend on the counterpart's message), then call <see cref="Finish"/> with the
/// counterpart's <see cref="MulReceiverSetupExchange.CreateMessage"/>.
/// </summary>
public sealed class MulSenderSetupExchange : IDisposable
{
    private readonly PartyId _self;
    private readonly PartyId _counterpart;
    private readonly Transcript _transcript;
    private readonly byte[] _delta = new byte[OtParameters.KappaBytes];
    private readonly Scalar[] _r = new Scalar[OtParameters.Kappa];
    private readonly Point[] _u = new Point[OtParameters.Kappa];
    private readonly Point[] _v = new Point[OtParameters.Kappa];
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
        var seed = _message.AsSpan(1, BaseOt.SeedLength);
        rng.Fill(seed);
        var h = BaseOt.DeriveH(_transcript, seed);
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            var bit = BitMatrix.GetBit(_delta, i) == 1;
            _r[i] = Scalar.RandomNonZero(rng);
            _u[i] = h * _r[i];
            var rG = Point.MulBase(_r[i]);
            _v[i] = bit ? rG + h : rG;
            var entry = _message.AsSpan(1 + BaseOt.SeedLength + (i * BaseOt.ReceiverEntryLength), BaseOt.ReceiverEntryLength);
            _u[i].WriteEncoded(entry);
            _v[i].WriteEncoded(entry[Point.EncodedLength..]);
            BitEncryptionProof.Prove(BaseOt.BitProofTranscript(_transcript, i), h, _u[i], _v[i], _r[i], bit, rng,
                entry[(2 * Point.EncodedLength)..]);
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
            if (counterpartMessage.Length != BaseOt.SenderMessageLength || counterpartMessage[0] != BaseOt.MessageVersion)
            {
                throw new MpcAbortException(_counterpart, "malformed base-OT sender message");
            }
            if (!Point.TryDecode(counterpartMessage.Slice(1, Point.EncodedLength), out var z))
            {
                throw new MpcAbortException(_counterpart, "base-OT sender key is not a valid point");
            }
            if (!DlogProof.Verify(BaseOt.DlogTranscript(_transcript), z, counterpartMessage[(1 + Point.EncodedLength)..]))
            {
                throw new MpcAbortException(_counterpart, "base-OT sender proof of knowledge failed");
            }

            var prefix = BaseOt.KdfPrefix(_transcript, z, _message.AsSpan(1, BaseOt.SeedLength));
            var seeds = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
            for (var i = 0; i < OtParameters.Kappa; i++)
            {
                // m_{Delta_i} = KDF(i, r_i * z)
                BaseOt.DeriveKey(prefix, i, _u[i], _v[i], z * _r[i], seeds.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes));
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
        Array.Clear(_r);
    }
}
