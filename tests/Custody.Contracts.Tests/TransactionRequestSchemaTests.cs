using System.Reflection;
using System.Text.Json;
using Custody.Contracts.Events;
using Custody.Testing;

namespace Custody.Contracts.Tests;

public sealed class when_upstream_teams_use_the_published_request_schema
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "docs", "schemas", "transaction-request.schema.json");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs", "examples"), "transaction-request*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void there_are_examples_to_check() => Assert.True(Examples().Count >= 2);

    [Theory]
    [MemberData(nameof(Examples))]
    public void each_example_deserialises_strictly_and_passes_contract_validation(string example)
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", example));
        var request = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested);
        Assert.NotNull(request);
        Assert.Empty(request.Validate());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void each_example_satisfies_the_schema(string example)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        using var value = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", example)));
        Assert.Empty(MiniSchema.Validate(schema.RootElement, value.RootElement));
    }

    [Fact]
    public void the_schema_requires_exactly_the_record_parameters()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var required = schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal);
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var parameters = typeof(TransactionRequested).GetConstructors().Single()
            .GetParameters().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(parameters, required);
        Assert.Equal(parameters, properties);
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void the_schema_title_is_the_wire_name() =>
        Assert.Equal(TransactionRequested.WireName, JsonDocument.Parse(File.ReadAllText(SchemaPath)).RootElement.GetProperty("title").GetString());

    [Fact]
    public void a_member_the_contract_does_not_know_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "transaction-request-native.json"))
            .Replace("\"chainId\": 1,", "\"chainId\": 1, \"gasPrice\": \"1\",", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested));
    }

    [Fact]
    public void a_missing_required_member_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "transaction-request-native.json"))
            .Replace("\"initiator\": \"payments-service\",", "", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested));
    }

    [Fact]
    public void a_duplicate_member_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "transaction-request-native.json"))
            .Replace("\"chainId\": 1,", "\"chainId\": 1, \"chainId\": 5,", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested));
    }

    [Fact]
    public void an_amount_as_json_number_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "transaction-request-native.json"))
            .Replace("\"value\": \"1500000000000000000\"", "\"value\": 1500000000000000000", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested));
    }
}
