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
        var rows = new byte[KosExtension.RowsBytes];
        var rowsDelta = new byte[OtParameters.GadgetLength * OtParameters.KappaBytes];
        var alpha = new Scalar[RvoleProtocol.OtWidth];
        Scalar[]? pads0 = null;
        Scalar[]? pads1 = null;
        var z = new Scalar[OtParameters.GadgetLength * RvoleProtocol.OtWidth];
        var r = new Scalar[OtParameters.GadgetLength * RvoleProtocol.Width];
        try
        {
            if (receiverRequest.Length != RvoleProtocol.RequestLength || receiverRequest[0] != RvoleProtocol.MessageVersion)
            {
                throw new MpcAbortException(receiver, "malformed multiplication request");
            }
            var matrixU = receiverRequest.Slice(1, KosExtension.MatrixBytes);
            var kosCheck = receiverRequest[(1 + KosExtension.MatrixBytes)..];
            var challengeSeed = RvoleProtocol.KosChallengeSeed(_transcript, matrixU);
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

            // Rows q_j ^ Delta for the receiver's choice bit 1.
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                var target = rowsDelta.AsSpan(j * OtParameters.KappaBytes, OtParameters.KappaBytes);
                rows.AsSpan(j * OtParameters.KappaBytes, OtParameters.KappaBytes).CopyTo(target);
                BitMatrix.XorInto(target, _setup.Delta);
            }
            pads0 = RvoleProtocol.Pads(_hash, rows);
            pads1 = RvoleProtocol.Pads(_hash, rowsDelta);

            var response = new byte[RvoleProtocol.ResponseLength];
            response[0] = RvoleProtocol.MessageVersion;
            var tauBytes = response.AsSpan(1, RvoleProtocol.TauLength);
            for (var index = 0; index < z.Length; index++)
            {
                // z_A = -H(j, q_j); tau = H(j, q_j) - H(j, q_j ^ Delta) + alpha_k.
                z[index] = -pads0[index];
                (pads0[index] - pads1[index] + alpha[index % RvoleProtocol.OtWidth]).WriteBytes(tauBytes[(index * Scalar.ByteLength)..]);
            }

            var chi = RvoleProtocol.MultiplicationChallenges(_transcript, kosCheck, tauBytes);
            for (var i = 0; i < RvoleProtocol.Width; i++)
            {
                var checkU = (chi[i] * alpha[i]) + (chi[RvoleProtocol.Width + i] * alpha[RvoleProtocol.Width + i]);
                checkU.WriteBytes(response.AsSpan(1 + RvoleProtocol.TauLength + (i * Scalar.ByteLength)));
            }
            for (var j = 0; j < OtParameters.GadgetLength; j++)
            {
                for (var i = 0; i < RvoleProtocol.Width; i++)
                {
                    r[(j * RvoleProtocol.Width) + i] = (chi[i] * z[(j * RvoleProtocol.OtWidth) + i])
                        + (chi[RvoleProtocol.Width + i] * z[(j * RvoleProtocol.OtWidth) + RvoleProtocol.Width + i]);
                }
            }
            RvoleProtocol.CheckDigest(_transcript, r).CopyTo(response.AsSpan(1 + RvoleProtocol.TauLength + (RvoleProtocol.Width * Scalar.ByteLength)));

            return (response, RvoleProtocol.Shares(z));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rows);
            CryptographicOperations.ZeroMemory(rowsDelta);
            Array.Clear(alpha);
            Array.Clear(z);
            Array.Clear(r);
            if (pads0 is not null)
            {
                Array.Clear(pads0);
            }
            if (pads1 is not null)
            {
                Array.Clear(pads1);
            }
            Dispose();
        }
    }

    public void Dispose()
    {
        _used = true;
        _hash.Dispose();
    }
}
