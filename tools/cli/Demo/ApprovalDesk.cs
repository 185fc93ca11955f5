using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;

namespace Custody.Cli.Demo;

/// <summary>
/// Steps 4-5, the part of the policy service that exists: the demo policy (demo-policy.json, docs/policy.md), two
/// approvers with P-256 keys generated in memory, and the collection of their signed approvals (docs/approvals.md).
/// </summary>
internal sealed class ApprovalDesk : IDisposable
{
    private readonly Dictionary<string, ECDsa> _approverKeys;

    private ApprovalDesk(Policy policy, Dictionary<string, ECDsa> approverKeys)
    {
        Policy = policy;
        _approverKeys = approverKeys;
        Registry = new ApproverRegistry(approverKeys.Select(k => ApproverKey.Create(k.Key, k.Value.ExportSubjectPublicKeyInfo())));
    }

    public Policy Policy { get; }

    /// <summary>The approvers' public keys, as every signing party holds them.</summary>
    public ApproverRegistry Registry { get; }

    public static ApprovalDesk Open()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-policy.json");
        if (!PolicyParser.TryParse(File.ReadAllText(path), out var policy, out var errors) || policy is null)
        {
            throw new DemoException($"{path} is not a valid policy:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }

        var approvers = policy.ApproverGroups["treasury"].ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);
        var desk = new ApprovalDesk(policy, approvers);
        Narration.Line($"policy {policy.Name}: id {policy.Id}");
        foreach (var line in PolicySummary.Describe(policy))
        {
            Narration.Line($"  {line}");
        }

        Narration.Line($"approvers (P-256, generated in memory): {string.Join(", ", approvers.Keys)}");
        return desk;
    }

    public PolicyDecision Evaluate(TransactionIntent intent, DateTimeOffset now) => PolicyEngine.Evaluate(Policy, intent, PolicyEvaluationContext.At(now));

    /// <summary>Every approver of the rule's groups signs an APPROVE vote over the approval digest.</summary>
    public ApprovalEvidence CollectApprovals(TransactionIntent intent, PolicyDecision decision, DateTimeOffset now)
    {
        var requirement = decision.Approval ?? throw new InvalidOperationException("The decision requires no approval.");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + (long)requirement.Expiry.TotalSeconds);
        var approvals = requirement.Groups.SelectMany(g => g.Members).Distinct(StringComparer.Ordinal).Select(approver =>
        {
            var digest = ApprovalDigest.Compute(intent.RequestId, intent.Hash, Policy.Id, ApprovalDecision.Approve, expiresAt);
            Narration.Line($"{approver} signs approval digest {Convert.ToHexStringLower(digest)} (expires {expiresAt:u})");
            return ApprovalSigner.Sign(_approverKeys[approver], approver, intent.RequestId, intent.Hash, Policy.Id, ApprovalDecision.Approve, expiresAt);
        }).ToList();
        return new ApprovalEvidence(Policy.Id.ToString(), decision.RuleId!, approvals, now);
    }

    public void Dispose()
    {
        foreach (var key in _approverKeys.Values)
        {
            key.Dispose();
        }
    }
}
