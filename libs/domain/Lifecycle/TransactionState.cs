namespace Custody.Domain.Lifecycle;

/// <summary>The lifecycle of a transaction request (docs/architecture.md "State").</summary>
public enum TransactionState
{
    Requested,
    Validated,
    Rejected,
    PendingApproval,
    Approved,
    Blocked,
    Expired,
    Signing,
    Signed,
    SigningFailed,
    Broadcast,
    Confirmed,
    Failed,
    Replaced,
}
