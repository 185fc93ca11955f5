using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// The multiplication RECEIVER ("Bob", input b) of one multiplication: DKLs19 (eprint 2019/523)
/// Protocol 1 in DKLs23's forced-reuse form, over the KOS15 extension (<see cref="KosExtension"/>).
/// <list type="number">
/// <item><see cref="CreateRequest"/>: encode b as gadget bits beta (<see cref="Gadget"/>), pad to
/// m' with random bits, run the OT-extension receiver, send u and the KOS check values.</item>
/// <item><see cref="Finish"/>: with the sender's tau, u and r digest: z_B[j] = H(j, t_j) + beta_j tau_j;
/// verify the DKLs19 check (every r_{j,i}); output c_B[i] = &lt;g, z_B[., i]&gt;, so that
/// c_A[i] + c_B[i] = a_i * b.</item>
/// </list>
/// One instance per (setup, session id); each is single-use. A failed check throws
/// <see cref="MpcAbortException"/> naming the sender: the caller must then discard the setup.
/// </summary>
public sealed class RvoleReceiver : IDisposable
{
    private readonly MulReceiverSetup _setup;
    private readonly Transcript _transcript;
    private readonly SessionHash _hash;
    private readonly byte[] _choiceBits = new byte[OtParameters.ColumnBytes];
    private readonly byte[] _rows = new byte[KosExtension.RowsBytes];
    private byte[]? _request;
    private bool _finished;

    public RvoleReceiver(MulReceiverSetup setup, ReadOnlySpan<byte> sessionId, Scalar b, MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(rng);
        _setup = setup;
        _transcript = RvoleProtocol.StartTranscript(setup.SetupId, sender: setup.Counterpart, receiver: setup.Self, sessionId);
        setup.ClaimSession(sessionId);
        _hash = RvoleProtocol.CreateSessionHash(_transcript);
        Gadget.Encode(b, rng, _choiceBits);
    }

    /// <summary>Choice bit beta_j (tests of selective failure only).</summary>
    internal int ChoiceBit(int j) => BitMatrix.GetBit(_choiceBits, j);

    /// <summary>Round 1: the request for the sender (public). Callable once.</summary>
    public byte[] CreateRequest()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_request is not null)
        {
            throw new InvalidOperationException("The request was already created.");
        }
        var request = new byte[RvoleProtocol.RequestLength];
        request[0] = RvoleProtocol.MessageVersion;
        var matrixU = request.AsSpan(1, KosExtension.MatrixBytes);
        KosExtension.Receive(_hash, _setup.Seeds0, _setup.Seeds1, _choiceBits, _rows, matrixU);
        var challengeSeed = RvoleProtocol.KosChallengeSeed(_transcript, matrixU);
        KosExtension.WriteCheck(_hash, challengeSeed, _choiceBits, _rows, request.AsSpan(1 + KosExtension.MatrixBytes));
        _request = request;
        return (byte[])request.Clone();
    }

    /// <summary>
    /// Round 3: verifies the sender's response and returns this party's shares c_B (two scalars).
    /// Throws <see cref="MpcAbortException"/> naming the sender on a malformed response or a failed check.
    /// </summary>
    public Scalar[] Finish(ReadOnlySpan<byte> senderResponse)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_request is null)
        {
            throw new InvalidOperationException("CreateRequest must come first.");
        }
        _finished = true;
        var sender = _setup.Counterpart;
        using var zBuffer = PooledSecret<Scalar>.Rent(RvoleProtocol.PadCount);
        using var checkValuesBuffer = PooledSecret<byte>.Rent(RvoleProtocol.CheckValuesLength);
        try
        {
            MessageFrame.Require(senderResponse, RvoleProtocol.ResponseLength, RvoleProtocol.MessageVersion, sender, "multiplication response");
            var tauBytes = senderResponse.Slice(1, RvoleProtocol.TauLength);
            Span<Scalar> checkU = stackalloc Scalar[RvoleProtocol.Width];
            for (var i = 0; i < RvoleProtocol.Width; i++)
            {
                if (!Scalar.TryCreate(senderResponse.Slice(1 + RvoleProtocol.TauLength + (i * Scalar.ByteLength), Scalar.ByteLength), out checkU[i]))
                {
                    throw new MpcAbortException(sender, "multiplication response has a non-canonical scalar");
                }
            }
            var digest = senderResponse[(1 + RvoleProtocol.TauLength + (RvoleProtocol.Width * Scalar.ByteLength))..];

            var chi = RvoleProtocol.MultiplicationChallenges(_transcript, _request.AsSpan(1 + KosExtension.MatrixBytes), tauBytes);
            var chiMultipliers = RvoleProtocol.Multipliers(chi);
            // z starts as the pads H(j, t_j) and becomes z_B in place.
            var z = zBuffer.Span;
            RvoleProtocol.Pads(_hash, _rows, z);
            var checkValues = checkValuesBuffer.Span;
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                var beta = BitMatrix.GetBit(_choiceBits, j);
                var row = j * RvoleProtocol.OtWidth;
                for (var k = 0; k < RvoleProtocol.OtWidth; k++)
                {
                    if (!Scalar.TryCreate(tauBytes.Slice((row + k) * Scalar.ByteLength, Scalar.ByteLength), out var tau))
                    {
                        throw new MpcAbortException(sender, "multiplication response has a non-canonical scalar");
                    }
                    // z_B = H(j, t_j) + beta_j * tau_j (DKLs19 Protocol 1, receiver's correlated-OT output).
                    z[row + k] += Scalar.Select(beta, tau, Scalar.Zero);
                }
                for (var i = 0; i < RvoleProtocol.Width; i++)
                {
                    // r_{j,i} as the sender must have computed it: beta_j u_i - (chi_i z_{j,i} + chi^_i z_{j,L+i}).
                    var combined = chiMultipliers[i].MultiplySum(z[row + i], chiMultipliers[RvoleProtocol.Width + i], z[row + RvoleProtocol.Width + i]);
                    (Scalar.Select(beta, checkU[i], Scalar.Zero) - combined)
                        .WriteBytes(checkValues.Slice(((j * RvoleProtocol.Width) + i) * Scalar.ByteLength, Scalar.ByteLength));
                }
            }
            var expected = RvoleProtocol.CheckDigest(_transcript, checkValues);
            if (!CryptographicOperations.FixedTimeEquals(expected, digest))
            {
                throw new MpcAbortException(sender, "multiplication consistency check failed");
            }

            return RvoleProtocol.Shares(z, negate: false);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _finished = true;
        CryptographicOperations.ZeroMemory(_choiceBits);
        CryptographicOperations.ZeroMemory(_rows);
        _hash.Dispose();
    }
}
