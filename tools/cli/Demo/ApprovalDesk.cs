extern alias policyservice;

using System.Globalization;
using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Policies;

namespace Custody.Cli.Demo;

/// <summary>
/// The demo's policy file (demo-policy.json, docs/policy.md) and its approvers: two P-256 keys generated in memory,
/// who sign their votes as `custody approve` does (docs/approvals.md). Deciding and collecting is the policy service's.
/// </summary>
internal sealed class ApprovalDesk : IDisposable
{
    private readonly Dictionary<string, ECDsa> _approverKeys;

    private ApprovalDesk(PolicyFile file, Dictionary<string, ECDsa> approverKeys)
    {
        File = file;
        Policy = file.Policy;
        _approverKeys = approverKeys;
        Registry = new ApproverRegistry(approverKeys.Select(k => ApproverKey.Create(k.Key, k.Value.ExportSubjectPublicKeyInfo())));
    }

    public PolicyFile File { get; }

    public Policy Policy { get; }

    /// <summary>The approvers' public keys, as every signing party holds them.</summary>
    public ApproverRegistry Registry { get; }

    public static ApprovalDesk Open()
    {
        PolicyFile file;
        try
        {
            file = PolicyFile.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "demo-policy.json"));
        }
        catch (InvalidOperationException e)
        {
            throw new DemoException(e.Message);
        }

        var policy = file.Policy;
        var approvers = policy.ApproverGroups["treasury"].ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);
        var desk = new ApprovalDesk(file, approvers);
        Narration.Line($"policy {policy.Name}: id {policy.Id}");
        foreach (var line in PolicySummary.Describe(policy))
        {
            Narration.Line($"  {line}");
        }

        Narration.Line($"approvers (P-256, generated in memory): {string.Join(", ", approvers.Keys)}");
        return desk;
    }

    public IEnumerable<string> Approvers => _approverKeys.Keys;

    /// <summary>An approver's signed APPROVE vote over the review's request, intent and policy, expiring when the window closes.</summary>
    public VoteSubmission Vote(string approver, ApprovalReview review)
    {
        var signed = ApprovalSigner.Sign(_approverKeys[approver], approver, review.RequestId, Custody.Domain.Hashing.Hash32.Parse(review.IntentHash),
            Custody.Domain.Hashing.Hash32.Parse(review.PolicyId), ApprovalDecision.Approve, review.WindowClosesAt);
        Narration.Line($"{approver} signs approval digest {review.ToSign.Single(d => d.Decision == signed.Decision).Digest} (expires {review.WindowClosesAt:u})");
        return new VoteSubmission(approver, signed.Decision, review.WindowClosesAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture), signed.Signature);
    }

    public void Dispose()
    {
        foreach (var key in _approverKeys.Values)
        {
            key.Dispose();
        }
    }
}
