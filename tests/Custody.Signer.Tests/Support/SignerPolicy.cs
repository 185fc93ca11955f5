using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Ethereum;

namespace Custody.Signer.Tests.Support;

/// <summary>
/// The policy every party of the signer tests holds (fee caps for anvil's chain 31337), the approvers alice and bob
/// (mallory is nobody's), and approved events as the policy service publishes them.
/// </summary>
internal sealed class SignerPolicy : IDisposable
{
    public const ulong ChainId = 31337;
    public static readonly Address Payee = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    public const string Json = """
        {
          "version": 1,
          "name": "signer-tests",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "approverGroups": { "treasury": ["alice", "bob"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "treasury", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" },
                                          "amount": { "max": "5000000000000000000" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "expirySeconds": 3600 } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;

    public Policy Policy { get; } = PolicyParser.Parse(Json);

    public Dictionary<string, ECDsa> Approvers { get; } = new[] { "alice", "bob", "mallory" }.ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The registry every party holds: alice and bob.</summary>
    public ApproverRegistry Registry => new(Approvers.Where(a => a.Key != "mallory").Select(a => ApproverKey.Create(a.Key, a.Value.ExportSubjectPublicKeyInfo())));

    /// <summary>Writes the policy folder and the approvers folder (<c>{id}.pub.pem</c>) under <paramref name="root"/>.</summary>
    public (string Policies, string Approvers) WriteFolders(string root)
    {
        var policies = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
        File.WriteAllText(Path.Combine(policies, "signer-tests.json"), Json);
        var approvers = Directory.CreateDirectory(Path.Combine(root, "approvers")).FullName;
        foreach (var (id, key) in Approvers.Where(a => a.Key != "mallory"))
        {
            File.WriteAllText(Path.Combine(approvers, id + ".pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        }

        return (policies, approvers);
    }

    public static TransactionRequested Request(string requestId, string walletId, Address wallet, decimal ether) =>
        new(requestId, walletId, wallet.ToChecksumString(), ChainId, Payee.ToChecksumString(),
            new System.Numerics.BigInteger(ether * 1_000_000_000_000_000_000m).ToString(), "0x", "payments", DateTimeOffset.UtcNow.AddMinutes(-1));

    /// <summary>transaction-approved for <paramref name="request"/> with the votes of <paramref name="approvers"/>.</summary>
    public TransactionApproved Approved(TransactionRequested request, params string[] approvers)
    {
        var intent = TransactionIntent.Create(request);
        var decidedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        var votes = approvers.Select(a => ApprovalSigner.Sign(Approvers[a], a, request.RequestId, intent.Hash, Policy.Id, ApprovalDecision.Approve, decidedAt.AddMinutes(30))).ToArray();
        return new TransactionApproved(request.RequestId, request, intent.Hash.ToString(), new ApprovalEvidence(Policy.Id.ToString(), "treasury", votes, decidedAt), decidedAt);
    }

    public void Dispose()
    {
        foreach (var key in Approvers.Values)
        {
            key.Dispose();
        }
    }
}
