using System.Text;
using System.Text.Json;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Contracts.Json;

namespace Custody.Contracts.Tests;

/// <summary>
/// Untrusted contract JSON is refused with <c>$.path: reason</c> in the contract's words, within its size and depth
/// limits, and a timestamp without an offset is never read in the machine's local time zone.
/// </summary>
public sealed class when_a_contract_is_read_from_untrusted_json
{
    private const string Request = """
        {"requestId": "req-1", "walletId": "wallet-1", "walletAddress": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chainId": 1,
         "to": "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "value": "0", "data": "0x", "initiator": "svc", "requestedAt": "2026-11-23T18:00:00Z"}
        """;

    private static IReadOnlyList<string> Errors(string json)
    {
        Assert.False(ContractReader.TryRead(Encoding.UTF8.GetBytes(json), ContractsJsonContext.Default.TransactionRequested, InputLimits.Request, out _, out var errors));
        return errors;
    }

    [Fact]
    public void a_valid_request_is_read_with_its_instant()
    {
        Assert.True(ContractReader.TryRead(Encoding.UTF8.GetBytes(Request.Replace("18:00:00Z", "13:00:00-05:00", StringComparison.Ordinal)), ContractsJsonContext.Default.TransactionRequested, InputLimits.Request, out var request, out var errors), string.Join("; ", errors));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero), request.RequestedAt);
        Assert.Empty(request.Validate());
    }

    [Theory]
    [InlineData("2026-11-23T18:00:00")]
    [InlineData("2026-11-23T18:00:00.5")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23 18:00:00Z")]
    [InlineData("2026-11-23T18:00:00+0000")]
    [InlineData("2026-11-23T18:00:00+00")]
    [InlineData("23/11/2026 18:00")]
    [InlineData("")]
    public void a_requested_at_without_an_explicit_offset_is_refused(string at) =>
        Assert.Equal([$"$.requestedAt: {Rfc3339.Requirement}"], Errors(Request.Replace("2026-11-23T18:00:00Z", at, StringComparison.Ordinal)));

    [Fact]
    public void the_contract_context_itself_refuses_a_local_time_so_no_reader_can_skip_the_check()
    {
        var json = Request.Replace("18:00:00Z", "18:00:00", StringComparison.Ordinal);
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested));
        Assert.Equal("$.requestedAt", error.Path);
    }

    [Fact]
    public void a_timestamp_with_json_escapes_reads_as_its_unescaped_text()
    {
        // System.Text.Json's own writers escape '+' as \u002B: a valid offset written that way is the same timestamp.
        var json = Request.Replace("2026-11-23T18:00:00Z", "2026-11-23T19:00:00\\u002B01:00", StringComparison.Ordinal);
        var request = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested)!;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero), request.RequestedAt.ToUniversalTime());
    }

    [Fact]
    public void a_written_timestamp_reads_back_as_the_same_instant()
    {
        var approval = new SignedApproval("alice", "req-1", "0x" + new string('1', 64), "0x" + new string('2', 64), "APPROVE", new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.FromHours(-5)), "0x" + new string('3', 128));
        var json = JsonSerializer.SerializeToUtf8Bytes(approval, ContractsJsonContext.Default.SignedApproval);

        Assert.True(ContractReader.TryRead(json, ContractsJsonContext.Default.SignedApproval, InputLimits.Approval, out var read, out _));
        Assert.Equal(approval, read);
    }

    [Theory]
    [InlineData("\"chainId\": 1", "\"chainId\": \"1\"", "$.chainId: must be an integer in [0, 18446744073709551615]")]
    [InlineData("\"chainId\": 1", "\"chainId\": 1.5", "$.chainId: must be an integer in [0, 18446744073709551615]")]
    [InlineData("\"value\": \"0\"", "\"value\": 0", "$.value: must be a string")]
    [InlineData("\"requestId\": \"req-1\"", "\"requestId\": [\"req-1\"]", "$.requestId: must be a string")]
    [InlineData("\"requestId\": \"req-1\"", "\"requestId\": {}", "$.requestId: must be a string")]
    [InlineData("\"requestId\": \"req-1\"", "\"requestId\": null", "$.requestId: must not be null")]
    [InlineData("\"requestId\": \"req-1\"", "\"requestId\": true", "$.requestId: must be a string")]
    [InlineData("\"requestId\": \"req-1\", ", "", "$.requestId: is required")]
    [InlineData("\"data\": \"0x\"", "\"data\": \"0x\", \"memo\": 1", "$.memo: unknown member")]
    [InlineData("\"data\": \"0x\"", "\"data\": \"0x\", \"a b\": 1", "$.<member>: unknown member")]
    public void a_type_error_is_one_path_and_reason_in_the_contracts_words(string from, string to, string expected)
    {
        var errors = Errors(Request.Replace(from, to, StringComparison.Ordinal));
        Assert.Equal([expected], errors);
        Assert.DoesNotContain(errors, e => e.Contains("System.", StringComparison.Ordinal) || e.Contains("LineNumber", StringComparison.Ordinal) || e.Contains("BytePosition", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]", "$: must be an object")]
    [InlineData("\"req\"", "$: must be an object")]
    [InlineData("null", "$: must be an object")]
    [InlineData("", "$: is empty; expected a request as JSON")]
    [InlineData("{\"requestId\": \"a\", \"requestId\": \"b\"}", "$: not valid JSON: repeats a member name")]
    [InlineData("{", "$: not valid JSON at line 1, byte 2: ends before every object and array is closed")]
    public void a_document_that_is_not_a_request_object_is_named(string json, string expected) =>
        Assert.Equal([expected], Errors(json));

    [Fact]
    public void nested_approvals_are_checked_with_their_paths()
    {
        var evidence = """{"policyId": "p", "ruleId": "r", "approvals": [{"approverId": "a", "requestId": "r", "intentHash": "h", "policyId": "p", "decision": "APPROVE", "expiresAt": "2026-11-23T18:00:00", "signature": 5}], "decidedAt": "2026-11-23T17:00:00Z"}""";
        Assert.False(ContractReader.TryRead(Encoding.UTF8.GetBytes(evidence), ContractsJsonContext.Default.ApprovalEvidence, InputLimits.Approval, out _, out var errors));
        Assert.Equal([$"$.approvals[0].expiresAt: {Rfc3339.Requirement}", "$.approvals[0].signature: must be a string"], errors);
    }

    [Fact]
    public void an_input_over_its_size_limit_is_refused_before_it_is_parsed() =>
        Assert.Equal([InputLimits.Request.TooLarge.ToString()], Errors(new string(' ', InputLimits.Request.MaxBytes + 1)));

    [Fact]
    public void an_input_nested_deeper_than_its_limit_is_refused()
    {
        var depth = InputLimits.Request.MaxDepth + 1;
        Assert.Equal([$"$: not valid JSON at line 1, byte {depth}: nests deeper than the limit of {InputLimits.Request.MaxDepth} for a request"], Errors(new string('[', depth) + new string(']', depth)));
    }

    [Fact]
    public void many_problems_are_capped_with_a_summary()
    {
        var json = "{" + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"\"m{i}\": 1")) + "}";
        var errors = Errors(json);
        Assert.Equal(ContractReader.MaxErrors + 1, errors.Count);
        Assert.StartsWith("$: ", errors[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23T18:00:00Z", true)]
    [InlineData("2026-11-23T18:00:00.1234567+14:00", true)]
    [InlineData("2026-11-23T18:00:00-00:00", true)]
    [InlineData("2026-11-23T18:00:00.12345678Z", false)]
    [InlineData("2026-02-30T18:00:00Z", false)]
    [InlineData("2026-11-23T24:00:00Z", false)]
    [InlineData("\u0662\u0660\u0662\u0666-11-23T18:00:00Z", false)]
    [InlineData(null, false)]
    public void rfc3339_accepts_only_an_explicit_offset(string? text, bool accepted) =>
        Assert.Equal(accepted, Rfc3339.TryParse(text, out _));
}
