using System.Text;
using Custody.Intake.Tests.Support;
using Custody.Messaging;
using Custody.Testing;

namespace Custody.Intake.Tests;

public sealed class when_a_request_arrives_on_pubsub(IntakeFixture intake)
{
    [Fact]
    public async Task a_valid_request_is_recorded_and_published_as_validated()
    {
        var request = IntakeFixture.ValidRequest();

        await intake.PublishAsync(request);

        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) == 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);
        Assert.Equal(request, Assert.Single(intake.Observer.Validated[request.RequestId]).Request);
    }

    [Fact]
    public async Task the_same_request_delivered_again_has_no_second_effect()
    {
        var request = IntakeFixture.ValidRequest();
        await intake.PublishAsync(request);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) == 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);

        await intake.PublishAsync(request);
        var later = IntakeFixture.ValidRequest();
        await intake.PublishAsync(later);

        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(later.RequestId) == 1, IntakeFixture.Deadline, "the later request's event", TestContext.Current.CancellationToken);
        Assert.Equal(1, intake.Observer.ValidatedCount(request.RequestId));
        Assert.Equal(0, intake.Observer.RejectedCount(request.RequestId));
    }

    [Fact]
    public async Task a_different_body_under_a_used_request_id_is_rejected_with_that_reason_once()
    {
        var request = IntakeFixture.ValidRequest();
        await intake.PublishAsync(request);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) == 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);
        var conflicting = request with { Value = "7" };

        await intake.PublishAsync(conflicting);
        await intake.PublishAsync(conflicting);

        await Eventually.UntilAsync(() => intake.Observer.RejectedCount(request.RequestId) >= 1, IntakeFixture.Deadline, "transaction-rejected", TestContext.Current.CancellationToken);
        var later = IntakeFixture.ValidRequest();
        await intake.PublishAsync(later);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(later.RequestId) == 1, IntakeFixture.Deadline, "the later request's event", TestContext.Current.CancellationToken);
        var rejected = Assert.Single(intake.Observer.Rejected[request.RequestId]);
        var reason = Assert.Single(rejected.Details!);
        Assert.Equal(("$.requestId", "duplicate-request-id"), (reason.Path, reason.Code));
        // The original request is untouched.
        using var approver = intake.Client("alice", Custody.ServiceDefaults.Authentication.ServiceRoles.Approver);
        using var shown = await approver.ShowAsync(request.RequestId);
        Assert.Equal("Validated", (await shown.StatusAsync()).State);
    }

    [Theory]
    [InlineData("not json", "{\"requestId\": ", "invalid-data")]
    [InlineData("missing member", "{\"requestId\":\"r-1\"}", "invalid-data")]
    [InlineData("unknown member", "{\"requestId\":\"r-1\",\"walletId\":\"w\",\"walletAddress\":\"0x\",\"chainId\":1,\"to\":\"0x\",\"value\":\"0\",\"data\":\"0x\",\"initiator\":\"i\",\"requestedAt\":\"2026-01-01T00:00:00Z\",\"extra\":1}", "invalid-data")]
    [InlineData("unusable request id", "{\"requestId\":\"a/b\",\"walletId\":\"w\",\"walletAddress\":\"0x\",\"chainId\":1,\"to\":\"0x\",\"value\":\"0\",\"data\":\"0x\",\"initiator\":\"i\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}", "invalid-data")]
    [InlineData("JSON null", "null", "invalid-data")]
    public async Task an_unparsable_message_is_dead_lettered_with_its_reason(string name, string json, string reason)
    {
        var marker = IntakeFixture.NewId(name.Replace(' ', '-'));
        var attributes = EventEnvelope.Create(IntakeFixture.ValidRequest(), IntakeTopology.Requested, "//tests/upstream-app", null).Attributes;

        await intake.PublishRawAsync(Encoding.UTF8.GetBytes(json), IntakeFixture.WithMarker(attributes, marker));

        await Eventually.UntilAsync(() => intake.Observer.DeadLetters.ContainsKey(marker), IntakeFixture.Deadline, "the dead letter", TestContext.Current.CancellationToken);
        var dead = intake.Observer.DeadLetters[marker];
        Assert.Equal(reason, dead.Attributes["custody-dead-letter-reason"]);
        Assert.False(string.IsNullOrWhiteSpace(dead.Attributes["custody-dead-letter-detail"]));
        Assert.Equal(json, Encoding.UTF8.GetString(dead.Data.Span));
    }

    [Fact]
    public async Task a_message_above_the_size_cap_is_dead_lettered_as_too_large()
    {
        var marker = IntakeFixture.NewId("large");
        var request = IntakeFixture.ValidRequest();
        var message = EventEnvelope.Create(request with { Data = "0x" + new string('0', IntakeFixture.MaxBodyBytes) }, IntakeTopology.Requested, "//tests/upstream-app", null);

        await intake.PublishRawAsync(message.Data, IntakeFixture.WithMarker(message.Attributes, marker));

        await Eventually.UntilAsync(() => intake.Observer.DeadLetters.ContainsKey(marker), IntakeFixture.Deadline, "the dead letter", TestContext.Current.CancellationToken);
        Assert.Equal("too-large", intake.Observer.DeadLetters[marker].Attributes["custody-dead-letter-reason"]);
        Assert.Equal(0, intake.Observer.RejectedCount(request.RequestId) + intake.Observer.ValidatedCount(request.RequestId));
    }
}
