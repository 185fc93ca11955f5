using System.Net;
using System.Net.Sockets;
using Custody.Gcp.Retry;
using Custody.Parties.Channel;
using Microsoft.Extensions.Logging.Abstractions;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>A co-signer's <see cref="CoordinatorConnection"/> dials until the coordinator is up, and again after it restarts.</summary>
public sealed class when_the_coordinator_goes_away_and_comes_back
{
    [Fact]
    public async Task the_co_signer_joins_and_joins_again_after_the_coordinator_restarts()
    {
        var port = FreePort();
        await using var first = await StartAsync(port);
        var options = new CoordinatorOptions(first.Address, Signer, first.CertificatePin, new JitteredBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)));
        using var connection = new CoordinatorConnection(options, Directory(first.Keys, CosignerA), NullLogger<CoordinatorConnection>.Instance);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await connection.StartAsync(deadline.Token);
        var link = await connection.WaitConnectedAsync(deadline.Token);
        await first.Hub.WaitForAsync(CosignerA, deadline.Token);
        Assert.Same(link, await connection.Links.ReadAsync(deadline.Token));

        // The coordinator stops: the link ends. It starts again on the same address: the co-signer is back.
        await first.StopAsync();
        await link.Completion.WaitAsync(deadline.Token);
        await using var second = await StartAsync(port, first);
        await second.Hub.WaitForAsync(CosignerA, deadline.Token);
        var relinked = await connection.WaitConnectedAsync(deadline.Token);
        Assert.NotSame(link, relinked);
        Assert.Same(relinked, await connection.Links.ReadAsync(deadline.Token));

        // Each link is yielded once: after the stop no link is left to serve, and the sequence ends.
        await connection.StopAsync(CancellationToken.None);
        Assert.False(await connection.Links.WaitToReadAsync(deadline.Token));
    }

    [Fact]
    public void a_coordinator_address_without_tls_is_refused_at_configuration() =>
        Assert.Throws<ArgumentException>(() => new CoordinatorOptions(new Uri("http://127.0.0.1:1"), Signer, null));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
