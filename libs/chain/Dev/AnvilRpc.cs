using System.Globalization;
using Custody.Ethereum;

namespace Custody.Chain.Dev;

/// <summary>
/// anvil's own JSON-RPC methods (not Ethereum's): balances, mining, snapshots, the pool. For any client of an anvil
/// node, whether this process started it (<see cref="AnvilNode"/>) or another one did (the process-level stack of the
/// system tests). Never used by production code.
/// </summary>
public static class AnvilRpc
{
    /// <summary>Sets an account's balance (anvil_setBalance).</summary>
    public static async Task FundAsync(this EthereumNode node, Address account, UInt256 wei, CancellationToken cancellationToken = default) =>
        await Node(node).SendAsync<object?>("anvil_setBalance", [account.ToString(), wei.ToHexQuantity()], cancellationToken).ConfigureAwait(false);

    /// <summary>Mines one block (evm_mine).</summary>
    public static async Task MineAsync(this EthereumNode node, CancellationToken cancellationToken = default) =>
        await Node(node).SendAsync<object?>("evm_mine", [], cancellationToken).ConfigureAwait(false);

    /// <summary>Mines <paramref name="blocks"/> blocks at once (anvil_mine).</summary>
    public static async Task MineAsync(this EthereumNode node, int blocks, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        await Node(node).SendAsync<object?>("anvil_mine", ["0x" + blocks.ToString("x", CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns mining of each transaction on arrival on or off (evm_setAutomine).</summary>
    public static async Task SetAutomineAsync(this EthereumNode node, bool enabled, CancellationToken cancellationToken = default) =>
        await Node(node).SendAsync<object?>("evm_setAutomine", [enabled], cancellationToken).ConfigureAwait(false);

    /// <summary>Mines a block every <paramref name="seconds"/> seconds; 0 stops interval mining (evm_setIntervalMining).</summary>
    public static async Task SetIntervalMiningAsync(this EthereumNode node, int seconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        await Node(node).SendAsync<object?>("evm_setIntervalMining", [seconds], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Snapshots the chain state (evm_snapshot); <see cref="RevertAsync"/> goes back to it, dropping later blocks (a reorg).</summary>
    public static Task<string> SnapshotAsync(this EthereumNode node, CancellationToken cancellationToken = default) =>
        Node(node).SendAsync<string>("evm_snapshot", [], cancellationToken);

    /// <summary>Reverts to a snapshot (evm_revert): the blocks mined since are gone; true when the snapshot existed.</summary>
    public static Task<bool> RevertAsync(this EthereumNode node, string snapshot, CancellationToken cancellationToken = default) =>
        Node(node).SendAsync<bool>("evm_revert", [snapshot], cancellationToken);

    /// <summary>Drops a transaction from the pool (anvil_dropTransaction).</summary>
    public static async Task DropTransactionAsync(this EthereumNode node, Bytes32 hash, CancellationToken cancellationToken = default) =>
        await Node(node).SendAsync<object?>("anvil_dropTransaction", [hash.ToString()], cancellationToken).ConfigureAwait(false);

    private static EthereumNode Node(EthereumNode node) => node ?? throw new ArgumentNullException(nameof(node));
}
