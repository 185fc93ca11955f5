using Custody.Domain.Hashing;

namespace Custody.Domain.Approvals;

/// <summary>
/// The 32 bytes an approver signs (docs/approvals.md "Digest"):
/// <code>
/// digest = TaggedHasher("custody/approval/v1")
///   0x01 requestId    UTF-8
///   0x02 intentHash   32 bytes
///   0x03 policyId     32 bytes
///   0x04 decision     1 byte (1 APPROVE, 2 REJECT)
///   0x05 expiresAt    i64 big-endian, Unix seconds
/// </code>
/// </summary>
public static class ApprovalDigest
{
    public const string Domain = "custody/approval/v1";

    public static byte[] Compute(string requestId, Hash32 intentHash, Hash32 policyId, ApprovalDecision decision, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (expiresAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException("Approval expiry must be a whole second.", nameof(expiresAt));
        }

        return new TaggedHasher(Domain)
            .AddUtf8(0x01, requestId)
            .Add(0x02, intentHash.Span)
            .Add(0x03, policyId.Span)
            .Add(0x04, [(byte)decision])
            .AddInt64(0x05, expiresAt.ToUnixTimeSeconds())
            .Finish();
    }
}
