using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Custody.Ethereum;
using Custody.Ethereum.Rpc;
using Xunit;

namespace Custody.Testing;

/// <summary>
/// A real anvil node (pinned npm package @foundry-rs/anvil-linux-amd64) on a free loopback port.
/// Ready once eth_chainId answers (polled with a deadline); killed on dispose. Tests fund their own
/// fresh keys with <see cref="FundAsync"/> instead of relying on anvil's well-known dev accounts.
/// Derive to pass extra anvil arguments (for example --no-mining).
/// </summary>
public class AnvilFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadinessDeadline = TimeSpan.FromSeconds(60);

    private readonly string[] _extraArguments;
    private readonly HttpClient _http = new();
    private Process? _process;

    public AnvilFixture()
        : this([])
    {
    }

    protected AnvilFixture(string[] extraArguments) => _extraArguments = extraArguments;

    /// <summary>anvil's default chain id.</summary>
    public ulong ChainId { get; private set; }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public EthereumRpcClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var anvil = RepoPaths.NodeTool(Path.Combine("@foundry-rs", "anvil-linux-amd64", "bin", "anvil"));
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(_extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("anvil did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        Client = new EthereumRpcClient(_http, Endpoint, new EthereumRpcOptions { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
        ChainId = await WaitUntilReadyAsync();
    }

    /// <summary>Sets an account's balance (anvil_setBalance).</summary>
    public async Task FundAsync(Address account, UInt256 wei) =>
        await Client.SendAsync("anvil_setBalance", [account.ToString(), wei.ToHexQuantity()]);

    /// <summary>Mines one block (evm_mine), for nodes started with --no-mining.</summary>
    public async Task MineAsync() => await Client.SendAsync("evm_mine", []);

    /// <summary>Waits for a receipt by polling with a deadline (auto-mining makes this immediate).</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await Client.GetTransactionReceiptAsync(hash) is { } receipt)
            {
                return receipt;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No receipt for {hash} before the deadline.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<ulong> WaitUntilReadyAsync()
    {
        var until = DateTime.UtcNow + ReadinessDeadline;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode} before becoming ready.");
            }

            try
            {
                return await Client.GetChainIdAsync();
            }
            catch (RpcTransportException) when (DateTime.UtcNow < until)
            {
                // Not listening yet: poll again until the deadline.
                await Task.Delay(100);
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
