using Custody.Contracts.Events;
using Custody.System.Tests.Support;

namespace Custody.System.Tests;

/// <summary>The reference flow with every service its own process: an auto-approved ETH transfer requested at intake is confirmed on anvil, as exactly one transaction.</summary>
[Collection(SystemCollection.Name)]
public sealed class when_a_transfer_flows_through_every_service(SystemStack system)
{
    [Fact]
    public Task an_auto_approved_transfer_is_confirmed_as_exactly_one_transaction() => system.RunAsync(async ct =>
    {
        var nonce = await system.MinedCountAsync(ct);
        var requestId = await system.SubmitAsync("1000000000000000", ct);

        await system.AssertConfirmedOnceAsync(requestId, nonce, ct);
        var record = await system.GetAsync(requestId, ct);
        Assert.Equal("small-to-payees", record!.RuleId);
        Assert.Single(system.Events(Topics.Broadcast, requestId));
    });
}
