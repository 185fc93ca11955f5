using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Messaging;

namespace Custody.Signer.Signing;

/// <summary>What the signer consumes and publishes (docs/architecture.md "Event flow").</summary>
public static class SignerEvents
{
    public const string ApprovedSubscription = "signer-transaction-approved";

    public const string ReplacementSubscription = "signer-transaction-replacement-requested";

    /// <summary>ce-source of everything the signer publishes.</summary>
    public const string Source = "//custody/signer";

    public static readonly EventType<TransactionApproved> Approved = new(TransactionApproved.WireName, ContractsJsonContext.Default.TransactionApproved);

    public static readonly EventType<TransactionReplacementRequested> ReplacementRequested =
        new(TransactionReplacementRequested.WireName, ContractsJsonContext.Default.TransactionReplacementRequested);

    public static readonly EventType<TransactionSigned> Signed = new(TransactionSigned.WireName, ContractsJsonContext.Default.TransactionSigned);
}
