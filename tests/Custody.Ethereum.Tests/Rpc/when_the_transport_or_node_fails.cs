using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Custody.Chain;
using Custody.Testing;

namespace Custody.Ethereum.Tests.Rpc;

public sealed class when_the_transport_or_node_fails(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly EthereumNodeOptions ThreeQuickAttempts = new()
    {
        MaxAttempts = 3,
        Timeout = TimeSpan.FromMilliseconds(500),
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task a_refused_connection_is_retried_then_reported_as_a_transport_error()
    {
        using var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var client = new EthereumNode(http, new Uri($"http://127.0.0.1:{UnusedPort()}/"), ThreeQuickAttempts);

        await Assert.ThrowsAsync<NodeTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task a_node_that_never_answers_times_out_on_every_attempt()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = new EthereumNode(http, new Uri($"http://127.0.0.1:{port}/"), ThreeQuickAttempts);

        var error = await Assert.ThrowsAsync<NodeTransportException>(() => client.GetBlockNumberAsync());
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task a_node_error_is_not_retried()
    {
        using var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var client = new EthereumNode(http, anvil.Endpoint, ThreeQuickAttempts);

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.SendAsync<object?>("eth_noSuchMethod", []));
        Assert.Equal(1, handler.Count);
        Assert.NotEqual(0, error.Code);
    }

    [Fact]
    public async Task each_request_is_a_client_span_with_jsonrpc_attributes()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EthereumNode.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await anvil.Client.GetChainIdAsync();
        await Assert.ThrowsAsync<JsonRpcException>(() => anvil.Client.SendAsync<object?>("eth_noSuchMethod", []));

        Activity[] captured;
        lock (spans)
        {
            captured = [.. spans];
        }

        var ok = Assert.Single(captured, s => (string?)s.GetTagItem("rpc.method") == "eth_chainId" && s.GetTagItem("server.port") is int p && p == anvil.Endpoint.Port);
        Assert.Equal(ActivityKind.Client, ok.Kind);
        Assert.Equal("jsonrpc", ok.GetTagItem("rpc.system"));
        Assert.Equal("2.0", ok.GetTagItem("rpc.jsonrpc.version"));
        var failed = Assert.Single(captured, s => (string?)s.GetTagItem("rpc.method") == "eth_noSuchMethod" && s.GetTagItem("server.port") is int p && p == anvil.Endpoint.Port);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.NotNull(failed.GetTagItem("rpc.jsonrpc.error_code"));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
