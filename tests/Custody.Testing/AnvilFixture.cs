using Custody.Ethereum;
using Custody.Chain.Dev;
using Custody.Chain;
using Xunit;

namespace Custody.Testing;

/// <summary>
/// A real anvil node (<see cref="AnvilNode"/>, the same launcher the demo uses) for a test class. Tests fund
/// their own fresh keys with <see cref="FundAsync"/> instead of relying on anvil's well-known dev accounts.
/// Derive to pass extra anvil arguments (for example --no-mining).
/// </summary>
public class AnvilFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadinessDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultReceiptDeadline = TimeSpan.FromSeconds(30);
    private readonly string[] _extraArguments;
    private AnvilNode? _node;

    public AnvilFixture()
        : this([])
    {
    }

    protected AnvilFixture(string[] extraArguments) => _extraArguments = extraArguments;

    private AnvilNode Node => _node ?? throw new InvalidOperationException("The anvil fixture is not initialised.");

    /// <summary>anvil's default chain id.</summary>
    public ulong ChainId => Node.ChainId;

    public Uri Endpoint => Node.Endpoint;

    public EthereumNode Client => Node.Node;

    public async ValueTask InitializeAsync()
    {
        var anvil = RepoPaths.NodeTool(Path.Combine("@foundry-rs", "anvil-linux-amd64", "bin", "anvil"));
        _node = await AnvilNode.StartAsync(anvil, _extraArguments, ReadinessDeadline);
    }

    /// <summary>Sets an account's balance (anvil_setBalance).</summary>
    public Task FundAsync(Address account, UInt256 wei) => Node.FundAsync(account, wei);

    /// <summary>Mines one block (evm_mine), for nodes started with --no-mining.</summary>
    public Task MineAsync() => Node.MineAsync();

    /// <summary>Mines <paramref name="blocks"/> blocks at once (anvil_mine).</summary>
    public Task MineAsync(int blocks) => Node.MineAsync(blocks);

    /// <summary>Turns mining on arrival on or off (evm_setAutomine); tests that turn it off turn it back on.</summary>
    public Task SetAutomineAsync(bool enabled) => Node.SetAutomineAsync(enabled);

    /// <summary>Snapshots the chain (evm_snapshot) for a later <see cref="RevertAsync"/>, which reorganises the blocks since away.</summary>
    public Task<string> SnapshotAsync() => Node.SnapshotAsync();

    /// <summary>Goes back to a snapshot (evm_revert).</summary>
    public Task<bool> RevertAsync(string snapshot) => Node.RevertAsync(snapshot);

    /// <summary>Waits for a receipt by polling with a deadline (auto-mining makes this immediate).</summary>
    public Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan? deadline = null) =>
        Node.WaitForReceiptAsync(hash, deadline ?? DefaultReceiptDeadline);

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
