using Custody.Contracts.Json;
using Custody.Domain.Policies;
using Custody.Domain.Tests.Support;

namespace Custody.Domain.Tests;

/// <summary>
/// Every signing party must reach the same decision on the same request, policy and history, whatever time zone
/// its machine is in: timestamps without an offset are refused, and the same instant written with different
/// offsets decides the same. eng/test.sh runs this project under two TZ values.
/// </summary>
public sealed class when_history_timestamps_are_read
{
    private static string History(string at) =>
        $$"""[{"requestId": "earlier", "walletId": "hot-1", "asset": "native", "amount": "4500", "at": "{{at}}"}]""";

    [Theory]
    [InlineData("2026-11-23T17:30:00")]
    [InlineData("2026-11-23T17:30:00.000")]
    [InlineData("2026-11-23 17:30:00Z")]
    [InlineData("2026-11-23")]
    [InlineData("17:30:00Z")]
    [InlineData("2026-11-23T17:30:00+0100")]
    [InlineData("2026-11-23T17:30:00 +01:00")]
    [InlineData("Mon, 23 Nov 2026 17:30:00 GMT")]
    [InlineData("11/23/2026 17:30:00")]
    public void a_timestamp_without_an_explicit_rfc3339_offset_is_refused(string at)
    {
        var error = Assert.Throws<FormatException>(() => VelocityHistoryJson.Parse(History(at)));
        Assert.Equal($"$[0].at: {Rfc3339.Requirement}", error.Message);
    }

    [Theory]
    [InlineData("2026-11-23T17:30:00Z")]
    [InlineData("2026-11-23T17:30:00+00:00")]
    [InlineData("2026-11-23T12:30:00-05:00")]
    [InlineData("2026-11-24T03:00:00+09:30")]
    [InlineData("2026-11-23t17:30:00.0000000z")]
    public void the_same_instant_in_any_offset_gives_the_same_decision(string at)
    {
        var policy = PolicyParser.Parse(PolicyFiles.Treasury);
        var intent = Samples.Intent(Samples.Native(Samples.Exchange, 1000));
        var history = VelocityHistoryJson.Parse(History(at));

        var decision = PolicyEngine.Evaluate(policy, intent, new PolicyEvaluationContext(history, Samples.Now));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 30, 0, TimeSpan.Zero), history[0].At);
        Assert.Equal(PolicyDecisionKind.RequireApproval, decision.Kind);
        Assert.Equal("contract-calls", decision.RuleId);
    }

    [Fact]
    public void outside_the_window_the_same_request_is_allowed() =>
        Assert.Equal(
            PolicyDecisionKind.Allow,
            PolicyEngine.Evaluate(
                PolicyParser.Parse(PolicyFiles.Treasury),
                Samples.Intent(Samples.Native(Samples.Exchange, 1000)),
                new PolicyEvaluationContext(VelocityHistoryJson.Parse(History("2026-11-23T11:59:59-05:00")), Samples.Now)).Kind);
}

public sealed class when_a_policy_or_history_is_too_large_or_too_deep
{
    [Fact]
    public void a_policy_over_its_size_limit_is_refused_before_it_is_parsed()
    {
        Assert.False(PolicyParser.TryParse(new string(' ', InputLimits.Policy.MaxBytes + 1), out _, out var errors));
        Assert.Equal(InputLimits.Policy.TooLarge.ToString(), Assert.Single(errors).ToString());
    }

    [Fact]
    public void a_policy_nested_deeper_than_its_limit_is_refused()
    {
        var depth = InputLimits.Policy.MaxDepth + 1;
        Assert.False(PolicyParser.TryParse(new string('[', depth) + new string(']', depth), out _, out var errors));
        Assert.Contains("nests deeper than the limit of 16 for a policy", Assert.Single(errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_history_over_its_size_limit_is_refused() =>
        Assert.Equal(InputLimits.History.TooLarge.ToString(), Assert.Throws<FormatException>(() => VelocityHistoryJson.Parse(new string(' ', InputLimits.History.MaxBytes + 1))).Message);

    [Theory]
    [InlineData("{\"version\": \"1\", \"rules\": []}", "$.version")]
    [InlineData("{\"version\": 1, \"rules\": {}}", "$.rules")]
    [InlineData("[{\"version\": 1}]", "$")]
    public void type_errors_name_the_path_in_the_policys_words(string json, string path)
    {
        Assert.False(PolicyParser.TryParse(json, out _, out var errors));
        Assert.Contains(errors, e => e.Path == path);
        Assert.DoesNotContain(errors, e => e.Reason.Contains("System.", StringComparison.Ordinal) || e.Reason.Contains("LineNumber", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[{\"requestId\": 1, \"walletId\": \"w\", \"asset\": \"native\", \"amount\": \"1\", \"at\": \"2026-11-23T10:00:00Z\"}]", "$[0].requestId: must be a string")]
    [InlineData("[{\"requestId\": \"r\", \"walletId\": \"w\", \"asset\": \"native\", \"amount\": 1, \"at\": \"2026-11-23T10:00:00Z\"}]", "$[0].amount: must be a string")]
    [InlineData("[[]]", "$[0]: must be an object with exactly requestId, walletId, asset, amount, at")]
    [InlineData("{}", "$: must be an array (a velocity history)")]
    [InlineData("[1,]", "$: not valid JSON at line 1, byte 4: The JSON array contains a trailing comma at the end which is not supported in this mode")]
    public void history_errors_are_one_path_and_reason(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => VelocityHistoryJson.Parse(json)).Message);
}
