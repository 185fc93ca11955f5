namespace Custody.Domain.Approvals;

/// <summary>Why evidence does not approve a request (docs/approvals.md "Verification").</summary>
public enum EvidenceFailureReason
{
    /// <summary>The evidence names another policy than the one the verifier holds.</summary>
    PolicyMismatch,

    /// <summary>The verifier's own evaluation chose another rule than the evidence names.</summary>
    RuleMismatch,

    /// <summary>The policy decides BLOCK for this intent.</summary>
    DecisionBlock,

    /// <summary>An approval has a field that cannot be read (hash, signature, decision, expiry).</summary>
    MalformedApproval,

    /// <summary>The approver is not in the verifier's approver registry.</summary>
    UnknownApprover,

    /// <summary>The signature does not verify under the approver's key.</summary>
    BadSignature,

    /// <summary>The approval was signed for another request id.</summary>
    OtherRequest,

    /// <summary>The approval was signed for another intent hash.</summary>
    OtherIntent,

    /// <summary>The approval was signed under another policy id.</summary>
    OtherPolicy,

    /// <summary>The approver is neither in a required group nor a mandatory approver of the rule.</summary>
    ApproverNotInGroup,

    /// <summary>The same approver appears more than once.</summary>
    DoubleVote,

    /// <summary>The approval's expiry is at or before now.</summary>
    Expired,

    /// <summary>The approval's expiry lies beyond the approval window (decision time + the rule's expirySeconds).</summary>
    BeyondApprovalWindow,

    /// <summary>The evidence claims a decision time after the verifier's now (which would widen the approval window).</summary>
    DecisionTimeInFuture,

    /// <summary>The approver voted REJECT.</summary>
    RejectedByApprover,

    /// <summary>A group has fewer valid approvals than its quorum.</summary>
    QuorumNotMet,

    /// <summary>A mandatory approver has no valid approval.</summary>
    MandatoryApproverMissing,
}
