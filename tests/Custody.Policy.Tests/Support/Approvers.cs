using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;

namespace Custody.Policy.Tests.Support;

/// <summary>
/// The test's approvers, each with a fresh P-256 key: alice, bob and carol form the treasury group, dave is the
/// mandatory approver, mallory is registered but in no group. Their public keys are written as
/// <c>{id}.pub.pem</c> files, the form the service reads; the private keys as <c>{id}.key.pem</c> for the CLI.
/// </summary>
internal sealed class Approvers : IDisposable
{
    public static readonly string[] Ids = ["alice", "bob", "carol", "dave", "mallory"];

    private readonly Dictionary<string, ECDsa> _keys = Ids.ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);

    public Approvers()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("custody-policy-approvers-").FullName;
        foreach (var (id, key) in _keys)
        {
            File.WriteAllText(Path.Combine(Directory, id + ".pub.pem"), key.ExportSubjectPublicKeyInfoPem());
            File.WriteAllText(PrivateKeyFile(id), key.ExportPkcs8PrivateKeyPem());
        }
    }

    public string Directory { get; }

    public string PrivateKeyFile(string id) => Path.Combine(Directory, id + ".key.pem");

    public ECDsa Key(string id) => _keys[id];

    /// <summary>A vote as `custody approve` would post it, signed over the review's request, intent and policy.</summary>
    public VoteSubmission Vote(string approverId, ApprovalReview review, ApprovalDecision decision = ApprovalDecision.Approve,
        DateTimeOffset? expiresAt = null, string? requestId = null, string? signAs = null)
    {
        var expiry = expiresAt ?? review.WindowClosesAt;
        var signed = ApprovalSigner.Sign(_keys[signAs ?? approverId], approverId, requestId ?? review.RequestId, Hash32.Parse(review.IntentHash),
            Hash32.Parse(review.PolicyId), decision, expiry);
        return new VoteSubmission(approverId, decision.ToWire(), expiry.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture), signed.Signature);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
