using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Sharing;

/// <summary>Lagrange coefficients over party ids used as Shamir evaluation points (ids are distinct and non-zero mod q).</summary>
public static class Lagrange
{
    /// <summary>lambda_i(0) over S: Shamir share of i times it is an additive share of the secret over S.</summary>
    public static Scalar CoefficientAtZero(PartyId party, IReadOnlyList<PartyId> set) => Coefficient(party, set, Scalar.Zero);

    /// <summary>L_i(x) = prod_{j in S, j != i} (x - j) / (i - j).</summary>
    public static Scalar Coefficient(PartyId party, IReadOnlyList<PartyId> set, Scalar x)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!set.Contains(party))
        {
            throw new ArgumentException("party is not in the set", nameof(party));
        }

        var i = party.ToScalar();
        var numerator = Scalar.One;
        var denominator = Scalar.One;
        foreach (var other in set)
        {
            if (other == party)
            {
                continue;
            }

            var j = other.ToScalar();
            numerator *= x - j;
            denominator *= i - j;
        }

        return numerator * denominator.Invert();
    }
}
