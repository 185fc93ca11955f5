extern alias policyservice;

using Custody.Domain.Approvals;
using Custody.Domain.Policies;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging.Outbox;
using Custody.State;
using Microsoft.Extensions.Logging.Abstractions;
using policyservice::Custody.Policy.Approvals;
using policyservice::Custody.Policy.Decisions;
using policyservice::Custody.Policy.Policies;

namespace Custody.Cli.Demo;

/// <summary>
/// The policy service's own parts (services/policy), run in the demo's process on the demo's emulators: its
/// transaction-validated handler decides and its vote recorder collects the approvals. The demo keeps no policy
/// logic of its own.
/// </summary>
internal sealed class DemoPolicyService(PolicyFile policy, ApproverRegistry approvers, FirestoreDatabase database, AuditLog audit, OutboxWriter outbox, OutboxRelay relay)
{
    private readonly StateChange _change = new(database, audit, outbox, relay);

    public TransactionStore Store { get; } = new(database);

    public LoadedPolicies Policies { get; } = new(policy, database);

    public ValidatedHandler Handler => new(Policies, _change, Store, TimeProvider.System, NullLogger<ValidatedHandler>.Instance);

    public VoteRecorder Votes => new(Policies, approvers, _change, Store, TimeProvider.System);
}
