using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Multiplication;

/// <summary>
/// The multiplication SENDER ("Alice", inputs a = (a_1, a_2)) of one multiplication: DKLs19
/// (eprint 2019/523) Protocol 1 in DKLs23's forced-reuse form. <see cref="Respond"/> validates the
/// request strictly, runs the KOS15 correlation check (<see cref="KosExtension"/>), then for each
/// of the xi rows sends tau_j = H(j, q_j) - H(j, q_j ^ Delta) + (a, a~) with fresh random check
/// values a~, keeps z_A[j] = -H(j, q_j), and proves consistency with u_i = chi_i a_i + chi^_i a~_i
/// and a digest of r_{j,i} = chi_i z_A[j,i] + chi^_i z_A[j,L+i] (challenges by Fiat-Shamir after tau).
/// Its shares are c_A[i] = &lt;g, z_A[., i]&gt;. One instance per (setup, session id), single-use.
/// </summary>
public sealed class RvoleSender : IDisposable
{
    /// <summary>Number of sender inputs (DKLs23: r_j and sk_j).</summary>
    public const int InputCount = RvoleProtocol.Width;

    private readonly MulSenderSetup _setup;
    private readonly Transcript _transcript;
    private readonly SessionHash _hash;
    private readonly MpcRandom _rng;
    private bool _used;

    /// <summary>
    /// Test seam (internal, null in production): replaces the correlation used for row j, to play
    /// a malicious sender whose correlation is inconsistent across rows.
    /// </summary>
    internal Func<int, Scalar[], Scalar[]>? MaliciousRowCorrelation { get; set; }

    public RvoleSender(MulSenderSetup setup, ReadOnlySpan<byte> sessionId, MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(rng);
        _setup = setup;
        _rng = rng;
        _transcript = RvoleProtocol.StartTranscript(setup.SetupId, sender: setup.Self, receiver: setup.Counterpart, sessionId);
        setup.ClaimSession(sessionId);
        _hash = RvoleProtocol.CreateSessionHash(_transcript);
    }

    /// <summary>
    /// Round 2: answers the receiver's request for inputs <paramref name="a"/> (exactly
    /// <see cref="InputCount"/> scalars). Returns the response (public) and this party's shares c_A.
    /// Throws <see cref="MpcAbortException"/> naming the receiver on a malformed request or a failed OT-extension check.
    /// </summary>
    public (byte[] Response, Scalar[] Shares) Respond(ReadOnlySpan<byte> receiverRequest, ReadOnlySpan<Scalar> a)
    {
        ObjectDisposedException.ThrowIf(_used, this);
        if (a.Length != InputCount)
        {
            throw new ArgumentException($"The sender has exactly {InputCount} inputs.", nameof(a));
        }
        _used = true;
        var receiver = _setup.Counterpart;
        using var rowsBuffer = PooledSecret<byte>.Rent(KosExtension.RowsBytes);
        using var pads0Buffer = PooledSecret<Scalar>.Rent(RvoleProtocol.PadCount);
        using var pads1Buffer = PooledSecret<Scalar>.Rent(RvoleProtocol.PadCount);
        using var checkValuesBuffer = PooledSecret<byte>.Rent(RvoleProtocol.CheckValuesLength);
        Span<Scalar> alpha = stackalloc Scalar[RvoleProtocol.OtWidth];
        try
        {
            MessageFrame.Require(receiverRequest, RvoleProtocol.RequestLength, RvoleProtocol.MessageVersion, receiver, "multiplication request");
            var matrixU = receiverRequest.Slice(1, KosExtension.MatrixBytes);
            var kosCheck = receiverRequest[(1 + KosExtension.MatrixBytes)..];
            var challengeSeed = RvoleProtocol.KosChallengeSeed(_transcript, matrixU);
            var rows = rowsBuffer.Span;
            if (!KosExtension.Send(_hash, _setup.Delta, _setup.Seeds, matrixU, kosCheck, challengeSeed, rows))
            {
                throw new MpcAbortException(receiver, "OT extension consistency check failed");
            }

            // Correlation (a_1, a_2, a~_1, a~_2): the a~ are the forced-reuse check values.
            a.CopyTo(alpha);
            for (var i = 0; i < RvoleProtocol.Width; i++)
            {
                alpha[RvoleProtocol.Width + i] = Scalar.Random(_rng);
            }

            // H(j, q_j), then H(j, q_j ^ Delta) for the receiver's choice bit 1 (rows overwritten in place).
            var pads0 = pads0Buffer.Span;
            var pads1 = pads1Buffer.Span;
            RvoleProtocol.Pads(_hash, rows, pads0);
            var rowsDelta = rows[..(OtParameters.GadgetLength * OtParameters.KappaBytes)];
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                BitMatrix.XorInto(rowsDelta.Slice(j * OtParameters.KappaBytes, OtParameters.KappaBytes), _setup.Delta);
            }
            RvoleProtocol.Pads(_hash, rowsDelta, pads1);

            var response = new byte[RvoleProtocol.ResponseLength];
            response[0] = RvoleProtocol.MessageVersion;
            var tauBytes = response.AsSpan(1, RvoleProtocol.TauLength);
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                ReadOnlySpan<Scalar> rowAlpha = MaliciousRowCorrelation is null ? alpha : MaliciousRowCorrelation(j, alpha.ToArray());
                for (var k = 0; k < RvoleProtocol.OtWidth; k++)
                {
                    // tau = H(j, q_j) - H(j, q_j ^ Delta) + alpha_k (z_A = -H(j, q_j) stays implicit).
                    var index = (j * RvoleProtocol.OtWidth) + k;
                    (pads0[index] - pads1[index] + rowAlpha[k]).WriteBytes(tauBytes.Slice(index * Scalar.ByteLength, Scalar.ByteLength));
                }
            }

            var chi = RvoleProtocol.MultiplicationChallenges(_transcript, kosCheck, tauBytes);
            for (var i = 0; i < RvoleProtocol.Width; i++)
            {
                var checkU = (chi[i] * alpha[i]) + (chi[RvoleProtocol.Width + i] * alpha[RvoleProtocol.Width + i]);
                checkU.WriteBytes(response.AsSpan(1 + RvoleProtocol.TauLength + (i * Scalar.ByteLength)));
            }

            // r_{j,i} = chi_i z_A[j,i] + chi^_i z_A[j,L+i] = -(chi_i H(j, q_j)_i + chi^_i H(j, q_j)_{L+i}).
            var chiMultipliers = RvoleProtocol.Multipliers(chi);
            var checkValues = checkValuesBuffer.Span;
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                for (var i = 0; i < RvoleProtocol.Width; i++)
                {
                    var row = j * RvoleProtocol.OtWidth;
                    var r = chiMultipliers[i].MultiplySum(pads0[row + i], chiMultipliers[RvoleProtocol.Width + i], pads0[row + RvoleProtocol.Width + i]);
                    (-r).WriteBytes(checkValues.Slice(((j * RvoleProtocol.Width) + i) * Scalar.ByteLength, Scalar.ByteLength));
                }
            }
            RvoleProtocol.CheckDigest(_transcript, checkValues).CopyTo(response.AsSpan(1 + RvoleProtocol.TauLength + (RvoleProtocol.Width * Scalar.ByteLength)));

            // c_A[i] = <g, z_A[., i]> = -<g, H(., q.)_i>.
            return (response, RvoleProtocol.Shares(pads0, negate: true));
        }
        finally
        {
            alpha.Clear();
            Dispose();
        }
    }

    public void Dispose()
    {
        _used = true;
        _hash.Dispose();
    }
}
