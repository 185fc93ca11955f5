using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Custody.Ethereum;
using Custody.Ethereum.Rpc;
using Custody.Gcp.Emulators;

namespace Custody.Cli.Demo;

/// <summary>A local anvil chain on a free loopback port, owned by the demo and killed on dispose.</summary>
internal sealed class AnvilNode : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly OwnedProcess _process;
    private readonly HttpClient _http = new();

    private AnvilNode(OwnedProcess process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Rpc = new EthereumRpcClient(_http, endpoint, new EthereumRpcOptions { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
    }

    public Uri Endpoint { get; }

    public EthereumRpcClient Rpc { get; }

    public int ProcessId => _process.Id;

    public ulong ChainId { get; private set; }

    /// <summary>Starts anvil and returns once eth_chainId answers (polled until <paramref name="deadline"/>).</summary>
    public static async Task<AnvilNode> StartAsync(TimeSpan deadline, CancellationToken ct)
    {
        var port = FreeLoopbackPort();
        var process = OwnedProcess.Start(RepoLayout.Anvil(), ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--silent"]);
        var node = new AnvilNode(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            node.ChainId = await node.WaitUntilReadyAsync(deadline, ct).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sets an account's balance (anvil_setBalance).</summary>
    public async Task FundAsync(Address account, UInt256 wei, CancellationToken ct) =>
        await Rpc.SendAsync("anvil_setBalance", [account.ToString(), wei.ToHexQuantity()], ct).ConfigureAwait(false);

    /// <summary>Polls eth_getTransactionReceipt until the transaction is mined or the deadline passes.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan deadline, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await Rpc.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }

            if (clock.Elapsed > deadline)
            {
                throw new DemoException($"No receipt for {hash} within {deadline.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private async Task<ulong> WaitUntilReadyAsync(TimeSpan deadline, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new DemoException($"anvil exited at start:{Environment.NewLine}{_process.RecentOutput}");
            }

            try
            {
                return await Rpc.GetChainIdAsync(ct).ConfigureAwait(false);
            }
            catch (RpcTransportException) when (clock.Elapsed < deadline)
            {
                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            }
            catch (RpcTransportException e)
            {
                throw new DemoException($"anvil did not answer eth_chainId within {deadline.TotalSeconds:0} s.", e);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
