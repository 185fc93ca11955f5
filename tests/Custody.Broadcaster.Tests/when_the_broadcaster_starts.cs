using System.Net;
using Custody.Broadcaster.Tests.Support;
using Custody.Testing;

namespace Custody.Broadcaster.Tests;

/// <summary>Start-up checks: options validated, the node's chain checked, the health endpoints served; an event for another chain refused.</summary>
public sealed class when_the_broadcaster_starts(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task it_serves_health_and_alive()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var client = stack.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task a_node_serving_another_chain_stops_it_at_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, overrides: new Dictionary<string, string> { ["Broadcaster:ChainId"] = "1" });
        });

        Assert.Contains("serves chain 31337, not the configured Broadcaster:ChainId 1", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Broadcaster:Confirmations", "0")]
    [InlineData("Broadcaster:FeeBumpPercent", "5")]
    [InlineData("Broadcaster:NodeUrl", "")]
    public async Task invalid_options_stop_it_at_start(string setting, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, overrides: new Dictionary<string, string> { [setting] = value });
        });

        Assert.Contains(setting.Split(':')[1], failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_event_for_another_chain_is_refused_and_nothing_is_recorded()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var @event = await stack.StoreSignedAsync("req-b-chain", "w-chain", transfer.Signed);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => stack.DeliverAsync(@event with { ChainId = 1 }));

        Assert.Contains("is not this broadcaster's chain", refused.Message, StringComparison.Ordinal);
        Assert.Null(await stack.BroadcastAsync("req-b-chain"));
    }
}
