using Custody.Chain.Dev;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging.Outbox;

namespace Custody.Cli.Demo;

/// <summary>What the demo's handlers share (in the real system, each service holds its own part of this).</summary>
internal sealed class DemoParts(
    ApprovalDesk desk, IReadOnlyList<PartyVault> vaults, DemoWallet wallet, AnvilNode anvil, FirestoreDatabase database, DemoOutcomes outcomes)
{
    public const string Source = "//custody/demo";

    public ApprovalDesk Desk => desk;

    public IReadOnlyList<PartyVault> Vaults => vaults;

    public DemoWallet Wallet => wallet;

    public AnvilNode Anvil => anvil;

    public FirestoreDatabase Database => database;

    public AuditLog Audit { get; } = new(database);

    public OutboxWriter Outbox { get; } = new();

    public DemoOutcomes Outcomes => outcomes;

    /// <summary>Set once the relay runs; woken after every commit that added outbox entries.</summary>
    public OutboxRelay? Relay { get; set; }

    /// <summary>The policy service's parts, set with the relay they publish through.</summary>
    public DemoPolicyService? PolicyService { get; set; }
}
