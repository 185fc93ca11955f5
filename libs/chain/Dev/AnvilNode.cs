using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Custody.Ethereum;

namespace Custody.Chain.Dev;

/// <summary>
/// A local anvil dev chain (the pinned npm package @foundry-rs/anvil-linux-amd64) on a free loopback port:
/// ready once eth_chainId answers, its whole process tree killed on dispose. Used by the local demo and the
/// test fixtures; never by production code. The caller says where the binary is.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private const int KeptLines = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly Process _process;
    private readonly HttpClient _http = new();
    private readonly ConcurrentQueue<string> _output = new();

    private AnvilNode(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Node = new EthereumNode(_http, endpoint, new EthereumNodeOptions { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
    }

    public Uri Endpoint { get; }

    public EthereumNode Node { get; }

    public int ProcessId => _process.Id;

    public ulong ChainId { get; private set; }

    /// <summary>The last lines anvil printed, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts anvil (plus <paramref name="extraArguments"/>, e.g. --no-mining) and returns once it answers.</summary>
    public static async Task<AnvilNode> StartAsync(string anvilPath, IEnumerable<string> extraArguments, TimeSpan readinessDeadline, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(anvilPath))
        {
            throw new FileNotFoundException($"anvil is not installed at {anvilPath} (./eng/tools.sh installs it).", anvilPath);
        }

        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(anvilPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture) }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {anvilPath}.");
        var node = new AnvilNode(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            node.ChainId = await node.WaitUntilReadyAsync(readinessDeadline, cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sets an account's balance (anvil_setBalance).</summary>
    public Task FundAsync(Address account, UInt256 wei, CancellationToken cancellationToken = default) => Node.FundAsync(account, wei, cancellationToken);

    /// <summary>Mines one block (evm_mine), for a node started with --no-mining.</summary>
    public Task MineAsync(CancellationToken cancellationToken = default) => Node.MineAsync(cancellationToken);

    /// <summary>Mines <paramref name="blocks"/> blocks at once (anvil_mine).</summary>
    public Task MineAsync(int blocks, CancellationToken cancellationToken = default) => Node.MineAsync(blocks, cancellationToken);

    /// <summary>Turns mining of each transaction on arrival on or off (evm_setAutomine).</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken = default) => Node.SetAutomineAsync(enabled, cancellationToken);

    /// <summary>Snapshots the chain state (evm_snapshot); <see cref="RevertAsync"/> goes back to it, dropping later blocks (a reorg).</summary>
    public Task<string> SnapshotAsync(CancellationToken cancellationToken = default) => Node.SnapshotAsync(cancellationToken);

    /// <summary>Reverts to a snapshot (evm_revert): the blocks mined since are gone; true when the snapshot existed.</summary>
    public Task<bool> RevertAsync(string snapshot, CancellationToken cancellationToken = default) => Node.RevertAsync(snapshot, cancellationToken);

    /// <summary>Drops a transaction from the pool (anvil_dropTransaction).</summary>
    public Task DropTransactionAsync(Bytes32 hash, CancellationToken cancellationToken = default) => Node.DropTransactionAsync(hash, cancellationToken);

    /// <summary>Waits for a receipt, polling until <paramref name="deadline"/> (auto-mining makes it immediate).</summary>
    public Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Node.WaitForReceiptAsync(hash, deadline, PollInterval, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; the OS finishes it.
        }

        _process.Dispose();
        _http.Dispose();
    }

    private async Task<ulong> WaitUntilReadyAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited during start-up:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                return await Node.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NodeTransportException) when (clock.Elapsed < deadline)
            {
                // Not listening yet: poll again until the deadline.
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeTransportException e)
            {
                throw new TimeoutException($"anvil did not answer eth_chainId within {deadline.TotalSeconds:0} s.", e);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
