using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Commands.Bench;

/// <summary>
/// The seam of <c>custody mpc bench</c> for key-lifecycle operations measured on the DKG's shares after full signing:
/// each operation is one named row from its own Bench/ file (presignatures here; refresh and reshare add theirs).
/// </summary>
internal static class MpcLifecycleRows
{
    public static IEnumerable<(string Name, Dictionary<string, object> Row)> Run(Dictionary<PartyId, KeyShare> shares, PartyId[] signers, int k, Func<PartyId, PartyIdentities?> identitiesOf)
    {
        yield return ("presign", PresignatureBench.Run(shares, signers, k, identitiesOf));
    }
}
