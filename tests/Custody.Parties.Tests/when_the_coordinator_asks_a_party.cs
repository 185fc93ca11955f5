using System.Text;
using Custody.Parties.Channel;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>Requests on the authenticated stream (docs/parties.md "Requests"): replies reach the call of the party asked, and only that party's.</summary>
public sealed class when_the_coordinator_asks_a_party
{
    private static CancellationToken Soon => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task the_party_receives_the_request_and_its_interim_and_final_replies_arrive_in_order()
    {
        await using var host = await StartAsync();
        var link = await host.ConnectAsync(CosignerA);
        using var call = host.Hub.Ask(CosignerA, "challenge", Encoding.UTF8.GetBytes("{\"x\":1}"));

        var request = await link.Requests.ReadAsync(Soon);
        Assert.Equal(("challenge", "{\"x\":1}"), (request.Kind, Encoding.UTF8.GetString(request.Body.Span)));
        await link.ReplyAsync(request.Id, PartyReply.Answer("open"u8.ToArray(), final: false), Soon);
        await link.ReplyAsync(request.Id, PartyReply.Answer("done"u8.ToArray(), final: true), Soon);

        var interim = await call.ReadAsync(Soon);
        var final = await call.ReadAsync(Soon);
        Assert.Equal(("open", false), (Encoding.UTF8.GetString(interim.Body.Span), interim.Final));
        Assert.Equal(("done", true), (Encoding.UTF8.GetString(final.Body.Span), final.Final));
    }

    [Fact]
    public async Task a_reply_from_another_party_under_the_calls_id_is_dropped()
    {
        await using var host = await StartAsync();
        var linkA = await host.ConnectAsync(CosignerA);
        var linkB = await host.ConnectAsync(CosignerB);
        using var call = host.Hub.Ask(CosignerA, "sign", "{}"u8.ToArray());
        var request = await linkA.Requests.ReadAsync(Soon);

        // Party B answers A's request (it can guess ids): the hub must not take it as A's answer.
        await linkB.ReplyAsync(request.Id, PartyReply.Answer("forged"u8.ToArray(), final: true), Soon);
        await linkA.ReplyAsync(request.Id, PartyReply.Answer("genuine"u8.ToArray(), final: true), Soon);

        var reply = await call.FinalAsync(Soon);
        Assert.Equal("genuine", Encoding.UTF8.GetString(reply.Body.Span));
    }

    [Fact]
    public async Task an_error_reply_ends_the_call_with_the_partys_reason()
    {
        await using var host = await StartAsync();
        var link = await host.ConnectAsync(CosignerA);
        using var call = host.Hub.Ask(CosignerA, "keygen", "{}"u8.ToArray());
        var request = await link.Requests.ReadAsync(Soon);
        await link.ReplyAsync(request.Id, PartyReply.Failed("already holds a share"), Soon);

        var reply = await call.FinalAsync(Soon);
        Assert.Equal("already holds a share", reply.Error);
        Assert.True(reply.Final);
    }

    [Fact]
    public async Task a_call_whose_party_goes_away_fails_instead_of_waiting()
    {
        await using var host = await StartAsync();
        var link = await host.ConnectAsync(CosignerA);
        using var call = host.Hub.Ask(CosignerA, "sign", "{}"u8.ToArray());
        await link.Requests.ReadAsync(Soon);
        await link.DisposeAsync();

        var error = await Assert.ThrowsAsync<PartyChannelException>(() => call.ReadAsync(Soon));
        Assert.Contains("went away", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task asking_a_party_that_is_not_connected_fails_at_once()
    {
        await using var host = await StartAsync();
        var error = Assert.Throws<PartyChannelException>(() => host.Hub.Ask(CosignerB, "sign", "{}"u8.ToArray()));
        Assert.Contains("not connected", error.Message, StringComparison.Ordinal);
    }
}
