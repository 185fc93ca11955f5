using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>Purpose labels of the DKG's commitments and proofs (domain separation inside one session).</summary>
internal static class DkgLabels
{
    public const string Feldman = "dkg/feldman-commitments";

    public const string ConstantTerm = "dkg/constant-term";

    /// <summary>The seed commitment names its recipient, so it cannot be replayed to another counterpart.</summary>
    public static string ZeroSeed(PartyId recipient) => "dkg/zero-seed/to/" + recipient.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
