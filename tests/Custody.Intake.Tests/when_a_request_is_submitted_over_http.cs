using System.Net;
using Custody.Intake.Tests.Support;
using Custody.Testing;

namespace Custody.Intake.Tests;

public sealed class when_a_request_is_submitted_over_http(IntakeFixture intake)
{
    [Fact]
    public async Task a_valid_request_is_accepted_with_its_location_and_published_as_validated()
    {
        using var app = intake.App();
        var request = IntakeFixture.ValidRequest();

        using var response = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/v1/transactions/{request.RequestId}", response.Headers.Location?.OriginalString);
        var accepted = await response.StatusAsync();
        Assert.Equal("Validated", accepted.State);
        Assert.Empty(accepted.Reasons);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) == 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);
        var validated = Assert.Single(intake.Observer.Validated[request.RequestId]);
        Assert.Equal(request, validated.Request);
        Assert.Equal(accepted.IntentHash, validated.IntentHash);

        using var shown = await app.ShowAsync(request.RequestId);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var status = await shown.StatusAsync();
        Assert.Equal(accepted.IntentHash, status.IntentHash);
        Assert.Equal(IntakeFixture.WalletId, status.WalletId);
    }

    [Fact]
    public async Task the_same_body_again_returns_the_original_outcome_and_publishes_nothing_more()
    {
        using var app = intake.App();
        var request = IntakeFixture.ValidRequest();
        using var first = await app.SubmitAsync(request);
        var original = await first.StatusAsync();

        using var again = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var repeated = await again.StatusAsync();
        Assert.Equal(original.CreatedAt, repeated.CreatedAt);
        Assert.Equal(original.TraceId, repeated.TraceId);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) >= 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);
        // A later request's event arriving proves the pipeline drained past any duplicate of the first.
        var marker = IntakeFixture.ValidRequest();
        using var later = await app.SubmitAsync(marker);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(marker.RequestId) == 1, IntakeFixture.Deadline, "the later request's event", TestContext.Current.CancellationToken);
        Assert.Equal(1, intake.Observer.ValidatedCount(request.RequestId));
    }

    [Fact]
    public async Task a_different_body_under_a_used_request_id_is_409_and_changes_nothing()
    {
        using var app = intake.App();
        var request = IntakeFixture.ValidRequest();
        using var first = await app.SubmitAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var conflict = await app.SubmitAsync(request with { Value = "2000000000000000000" });

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.ProblemAsync();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        using var shown = await app.ShowAsync(request.RequestId);
        Assert.Equal((await first.StatusAsync()).IntentHash, (await shown.StatusAsync()).IntentHash);
    }

    [Fact]
    public async Task another_app_reusing_a_request_id_with_the_same_body_is_409()
    {
        using var owner = intake.App("app-a");
        using var other = intake.App("app-b");
        var request = IntakeFixture.ValidRequest();
        using var first = await owner.SubmitAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var second = await other.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task a_request_seen_on_pubsub_first_is_409_over_http_even_with_the_same_body()
    {
        var request = IntakeFixture.ValidRequest();
        await intake.PublishAsync(request);
        await Eventually.UntilAsync(() => intake.Observer.ValidatedCount(request.RequestId) == 1, IntakeFixture.Deadline, "transaction-validated", TestContext.Current.CancellationToken);
        using var app = intake.App();

        using var response = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_api()
    {
        using var anonymous = intake.Client();
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("/v1/transactions/{requestId}", document, StringComparison.Ordinal);
        Assert.Contains("SubmitTransaction", document, StringComparison.Ordinal);
    }
}
