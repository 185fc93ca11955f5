using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;

namespace Custody.Mpc.Dkg;

/// <summary>This party's DKG secrets and commitments, carried from round to round and wiped at the end.</summary>
internal sealed class DkgState : IDisposable
{
    public DkgState(SessionContext context, int threshold)
        : this(context, new FreshKeyDealing(threshold))
    {
    }

    public DkgState(SessionContext context, KeyDealing dealing)
    {
        Context = context;
        Dealing = dealing;
        Threshold = dealing.Threshold;
        Polynomial = dealing.NewPolynomial(context.Random);
        CoefficientCommitments = Polynomial.Commitments();
        ChainCodeContribution = new byte[dealing.ChainCodeContributionLength];
        context.Random.Fill(ChainCodeContribution);
        foreach (var other in context.Others)
        {
            var contribution = new byte[ZeroSharing.SeedLength];
            context.Random.Fill(contribution);
            SeedContributions[other] = contribution;
            BaseOt[other] = new PairBaseOt(context, other);
        }
    }

    public SessionContext Context { get; }

    public KeyDealing Dealing { get; }

    public int Threshold { get; }

    /// <summary>f_i, degree t-1 (Feldman VSS dealer).</summary>
    public Polynomial Polynomial { get; }

    /// <summary>C_ik = a_ik * G (C_i0 the identity in a refresh).</summary>
    public Point[] CoefficientCommitments { get; }

    /// <summary>The commitments this dealer sends: from <see cref="KeyDealing.FirstCommittedCoefficient"/> on.</summary>
    public Point[] SentCommitments => CoefficientCommitments[Dealing.FirstCommittedCoefficient..];

    public byte[] ChainCodeContribution { get; }

    public byte[] FeldmanSalt { get; set; } = [];

    public Dictionary<PartyId, byte[]> SeedContributions { get; } = [];

    public Dictionary<PartyId, byte[]> SeedSalts { get; } = [];

    public Dictionary<PartyId, PairBaseOt> BaseOt { get; } = [];

    public void Dispose()
    {
        Polynomial.Dispose();
        foreach (var seed in SeedContributions.Values)
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        foreach (var ot in BaseOt.Values)
        {
            ot.Dispose();
        }
    }
}
