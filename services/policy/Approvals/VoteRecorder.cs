using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Audit;
using Custody.Policy.Decisions;
using Custody.Policy.Policies;
using Custody.State;

namespace Custody.Policy.Approvals;

/// <summary>
/// Records one signed vote (docs/approvals.md "Collecting votes"). In one Firestore transaction: the request must be
/// PendingApproval with its window open; the vote is checked by <see cref="EvidenceVerifier.VerifyVote"/> against the
/// policy the request was evaluated under and the votes recorded so far (signature, membership, one vote per
/// approver, expiry, approval window, request/intent/policy); then the tally decides: quorum met -> Approved and
/// transaction-approved with the evidence bundle; quorum out of reach -> Rejected and transaction-rejected;
/// otherwise the request stays pending. Every recorded vote is audited under the approver's name.
/// </summary>
public sealed class VoteRecorder(LoadedPolicies policies, ApproverRegistry approvers, StateChange change, TransactionStore store, TimeProvider time)
{
    public abstract record Result;

    public sealed record NotFound : Result;

    public sealed record NotPending(string State) : Result;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : Result;

    public sealed record Refused(IReadOnlyList<EvidenceFailure> Failures) : Result;

    public sealed record Recorded(VoteOutcome Outcome) : Result;

    public async Task<Result> RecordAsync(string requestId, VoteSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var (decision, expiresAt, errors) = Read(submission);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var done = await change.Database.RunTransactionAsync(async (tx, token) =>
        {
            var snapshot = await store.GetAsync(tx, requestId, token).ConfigureAwait(false);
            if (snapshot is null)
            {
                return ((Result)new NotFound(), (Messaging.Outbox.OutboxEntry?)null);
            }

            var now = time.GetUtcNow();
            var record = snapshot.Value;
            if (record.State != TransactionState.PendingApproval || record.Deadline is not { } deadline || deadline <= now)
            {
                return (new NotPending(record.State == TransactionState.PendingApproval ? "PendingApproval (window closed, expiring)" : record.State.ToString()), null);
            }

            var context = await RequestContext.LoadAsync(record, policies, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"transactions/{requestId} is pending but its rule asks for no approval.");
            var vote = new SignedApproval(submission.ApproverId, requestId, context.Intent.Hash.ToString(), context.Policy.Id.ToString(), decision.ToWire(), expiresAt, submission.Signature);
            var failures = EvidenceVerifier.VerifyVote(vote, record.Approvals, context.Intent, context.Policy, context.Requirement, context.DecidedAt, approvers, now);
            if (failures.Count > 0)
            {
                return (new Refused(failures), null);
            }

            var votes = record.Approvals.Append(vote).ToList();
            var approvedBy = Voters(votes, ApprovalDecision.Approve);
            var tally = ApprovalTally.Count(context.Requirement, approvedBy, Voters(votes, ApprovalDecision.Reject));
            var audits = new List<AuditRecord>
            {
                StateChange.Audit(vote.ApproverId, "vote " + vote.Decision, requestId, new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["approverId"] = vote.ApproverId,
                    ["decision"] = vote.Decision,
                    ["expiresAt"] = vote.ExpiresAt.ToString("O"),
                    ["intentHash"] = vote.IntentHash,
                    ["policyId"] = vote.PolicyId,
                    ["signature"] = vote.Signature,
                }),
            };
            object? outgoing = null;
            var next = record with { Approvals = votes, UpdatedAt = now };
            if (tally.IsMet)
            {
                var evidence = new ApprovalEvidence(vote.PolicyId, context.Rule.Id, votes.Where(a => a.Decision == ApprovalDecisionNames.Approve).ToList(), context.DecidedAt);
                next = next with { State = TransactionState.Approved, Deadline = null };
                outgoing = new TransactionApproved(requestId, record.Request, vote.IntentHash, evidence, now);
                audits.Add(StateChange.Audit(StateChange.Actor, nameof(TransactionState.Approved), requestId, Details(context, $"quorum met by {string.Join(", ", approvedBy.Order(StringComparer.Ordinal))}")));
            }
            else if (!tally.StillReachable)
            {
                var reasons = tally.Missing.Select(m => m.ToString()).Prepend($"the approval quorum can no longer be reached ({vote.ApproverId} voted {vote.Decision})").ToList();
                next = next with { State = TransactionState.Rejected, Deadline = null };
                outgoing = new TransactionRejected(requestId, "approval", reasons, vote.PolicyId, context.Rule.Id, now);
                audits.Add(StateChange.Audit(StateChange.Actor, nameof(TransactionState.Rejected), requestId, Details(context, string.Join("; ", reasons))));
            }

            var entry = await change.WriteAsync(tx, snapshot, next, audits, outgoing, token).ConfigureAwait(false);
            return (new Recorded(new VoteOutcome(requestId, next.State.ToString(), ReviewBuilder.Votes(next), tally.Missing.Select(m => m.ToString()).ToList())), entry);
        }, ct: ct).ConfigureAwait(false);

        await change.PublishAsync(done.Item2, ct).ConfigureAwait(false);
        return done.Item1;
    }

    private static HashSet<string> Voters(IEnumerable<SignedApproval> votes, ApprovalDecision decision) =>
        votes.Where(v => v.Decision == decision.ToWire()).Select(v => v.ApproverId).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string> Details(RequestContext context, string reason) => new(StringComparer.Ordinal)
    {
        ["ruleId"] = context.Rule.Id,
        ["policyId"] = context.Policy.Id.ToString(),
        ["intentHash"] = context.Intent.Hash.ToString(),
        ["reason"] = reason.Length > 1000 ? reason[..1000] : reason,
    };

    /// <summary>The boundary checks of the body: every failing field is reported, each under its JSON name.</summary>
    private static (ApprovalDecision Decision, DateTimeOffset ExpiresAt, Dictionary<string, string[]> Errors) Read(VoteSubmission submission)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Contracts.WireFormat.IsId(submission.ApproverId))
        {
            errors["approverId"] = ["must be 1-128 characters of [A-Za-z0-9._:-]"];
        }

        if (!ApprovalDecisionNames.TryParse(submission.Decision, out var decision))
        {
            errors["decision"] = ["must be APPROVE or REJECT"];
        }

        if (!Rfc3339.TryParse(submission.ExpiresAt, out var expiresAt))
        {
            errors["expiresAt"] = ["must be an RFC 3339 timestamp with an explicit offset (Z or ±hh:mm)"];
        }
        else if (expiresAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            errors["expiresAt"] = ["must be a whole second"];
        }

        if (!Contracts.WireFormat.IsHex(submission.Signature, 64))
        {
            errors["signature"] = ["must be 0x + 128 hex digits (P-256 r||s)"];
        }

        return (decision, expiresAt.ToUniversalTime(), errors);
    }
}
