using System.Net;
using Custody.Contracts.Events;
using Custody.Intake.Tests.Support;
using Custody.Testing;

namespace Custody.Intake.Tests;

public sealed class when_a_request_is_invalid(IntakeFixture intake)
{
    private const string Token = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    private const string TransferCalldata = "0xa9059cbb000000000000000000000000fb6916095ca1df60bb79ce92ce3ea74c37c5d359000000000000000000000000000000000000000000000000000000000ee6b280";

    /// <summary>One invalid field per row, and the one reason (path, code) it must produce.</summary>
    public static TheoryData<string, string, string> Fields => new()
    {
        { "walletId malformed", "$.walletId", "invalid-format" },
        { "walletId unknown", "$.walletId", "unknown-wallet" },
        { "walletAddress malformed", "$.walletAddress", "invalid-format" },
        { "walletAddress bad checksum", "$.walletAddress", "invalid-intent" },
        { "walletAddress of another account", "$.walletAddress", "wallet-address-mismatch" },
        { "chainId zero", "$.chainId", "invalid-format" },
        { "chainId not configured", "$.chainId", "chain-not-configured" },
        { "to malformed", "$.to", "invalid-format" },
        { "to bad checksum", "$.to", "invalid-intent" },
        { "value with leading zero", "$.value", "invalid-format" },
        { "value above 2^256-1", "$.value", "invalid-format" },
        { "value with a token transfer", "$.value", "invalid-intent" },
        { "data odd length", "$.data", "invalid-format" },
        { "data truncated token call", "$.data", "invalid-intent" },
        { "initiator with spaces around", "$.initiator", "invalid-format" },
        { "initiator with a control character", "$.initiator", "invalid-format" },
        { "requestedAt in the future", "$.requestedAt", "requested-in-future" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task over_http_each_invalid_field_yields_its_own_reason(string row, string path, string code)
    {
        using var app = intake.App();
        var request = Break(IntakeFixture.ValidRequest(), row);

        using var response = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal((path, code), Assert.Single(await response.ReasonsAsync()));
        using var shown = await app.ShowAsync(request.RequestId);
        var status = await shown.StatusAsync();
        Assert.Equal("Rejected", status.State);
        Assert.Equal((path, code), (Assert.Single(status.Reasons).Path, status.Reasons[0].Code));
        await AssertRejectedEventAsync(request.RequestId, [(path, code)]);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task on_pubsub_each_invalid_field_yields_transaction_rejected_with_its_reason(string row, string path, string code)
    {
        var request = Break(IntakeFixture.ValidRequest(), row);

        await intake.PublishAsync(request);

        await AssertRejectedEventAsync(request.RequestId, [(path, code)]);
        Assert.Equal(0, intake.Observer.ValidatedCount(request.RequestId));
    }

    [Fact]
    public async Task every_failing_field_is_reported_not_only_the_first()
    {
        using var app = intake.App();
        var request = IntakeFixture.ValidRequest() with { WalletAddress = "0x12", ChainId = 0, To = "nope", Value = "-1", Data = "0xz", Initiator = "" };

        using var response = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var reasons = await response.ReasonsAsync();
        Assert.Equal(
            new[] { "$.chainId", "$.data", "$.initiator", "$.to", "$.value", "$.walletAddress" },
            reasons.Select(r => r.Path).Order(StringComparer.Ordinal).ToArray());
        Assert.All(reasons, r => Assert.Equal("invalid-format", r.Code));
    }

    [Fact]
    public async Task the_same_invalid_body_again_gets_the_same_rejection()
    {
        using var app = intake.App();
        var request = IntakeFixture.ValidRequest() with { ChainId = 5 };
        using var first = await app.SubmitAsync(request);

        using var again = await app.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(await first.ReasonsAsync(), await again.ReasonsAsync());
    }

    [Theory]
    [InlineData("bad id!")]
    [InlineData("__reserved__")]
    public async Task a_request_id_that_cannot_name_a_request_is_400_and_nothing_is_stored(string requestId)
    {
        using var app = intake.App();

        using var response = await app.SubmitAsync(IntakeFixture.ValidRequest(requestId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.requestId", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertRejectedEventAsync(string requestId, (string Path, string Code)[] expected)
    {
        await Eventually.UntilAsync(() => intake.Observer.RejectedCount(requestId) >= 1, IntakeFixture.Deadline, "transaction-rejected", TestContext.Current.CancellationToken);
        var rejected = Assert.Single(intake.Observer.Rejected[requestId]);
        Assert.Equal("intake", rejected.Stage);
        Assert.NotNull(rejected.Details);
        Assert.Equal(expected, rejected.Details.Select(d => (d.Path, d.Code)).ToArray());
        Assert.Equal(rejected.Details.Select(d => d.ToString()), rejected.Reasons);
    }

    private static TransactionRequested Break(TransactionRequested valid, string row) => row switch
    {
        "walletId malformed" => valid with { WalletId = "treasury hot 1" },
        "walletId unknown" => valid with { WalletId = IntakeFixture.NewId("wallet") },
        "walletAddress malformed" => valid with { WalletAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA" },
        "walletAddress bad checksum" => valid with { WalletAddress = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" },
        "walletAddress of another account" => valid with { WalletAddress = IntakeFixture.Payee },
        "chainId zero" => valid with { ChainId = 0 },
        "chainId not configured" => valid with { ChainId = 5 },
        "to malformed" => valid with { To = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35" },
        "to bad checksum" => valid with { To = "0xFB6916095ca1df60bB79Ce92cE3Ea74c37c5d359" },
        "value with leading zero" => valid with { Value = "01" },
        "value above 2^256-1" => valid with { Value = "115792089237316195423570985008687907853269984665640564039457584007913129639936" },
        "value with a token transfer" => valid with { To = Token, Value = "1", Data = TransferCalldata },
        "data odd length" => valid with { Data = "0x123" },
        "data truncated token call" => valid with { To = Token, Value = "0", Data = TransferCalldata[..^2] },
        "initiator with spaces around" => valid with { Initiator = " payments " },
        "initiator with a control character" => valid with { Initiator = "pay\u0007ments" },
        "requestedAt in the future" => valid with { RequestedAt = DateTimeOffset.UtcNow.AddDays(1) },
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };
}
