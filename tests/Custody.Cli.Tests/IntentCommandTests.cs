using System.Text.Json;

namespace Custody.Cli.Tests;

public sealed class when_an_approver_hashes_a_request : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task an_erc20_transfer_shows_the_decoded_recipient_amount_and_hash()
    {
        var result = await CustodyCli.RunAsync("intent", "hash", CustodyCli.Example("transaction-request-erc20.json"));
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("Erc20Transfer", json.GetProperty("callKind").GetString());
        Assert.Equal("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", json.GetProperty("asset").GetString());
        Assert.Equal("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", json.GetProperty("destination").GetString());
        Assert.Equal("250000000", json.GetProperty("amount").GetString());
        Assert.Matches("^0x[0-9a-f]{64}$", json.GetProperty("intentHash").GetString());
    }

    [Fact]
    public async Task the_same_request_always_hashes_the_same_and_a_changed_one_differently()
    {
        var original = File.ReadAllText(CustodyCli.Example("transaction-request-native.json"));
        var changed = _dir.File("changed.json", original.Replace("1500000000000000000", "1500000000000000001", StringComparison.Ordinal));
        var a = await CustodyCli.RunAsync("intent", "hash", CustodyCli.Example("transaction-request-native.json"));
        var b = await CustodyCli.RunAsync("intent", "hash", _dir.File("copy.json", original));
        var c = await CustodyCli.RunAsync("intent", "hash", changed);
        string Hash(CustodyCli.Result r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("intentHash").GetString()!;
        Assert.Equal(Hash(a), Hash(b));
        Assert.NotEqual(Hash(a), Hash(c));
    }

    [Fact]
    public async Task a_request_with_an_unchecksummed_address_is_refused_with_its_path()
    {
        var original = File.ReadAllText(CustodyCli.Example("transaction-request-native.json"));
        var bad = _dir.File("bad.json", original.Replace("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", StringComparison.Ordinal));
        var result = await CustodyCli.RunAsync("intent", "hash", bad);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$.to: must be EIP-55 checksummed: 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task a_request_that_is_not_the_contract_is_refused()
    {
        var result = await CustodyCli.RunAsync("intent", "hash", _dir.File("bad.json", """{ "requestId": "x" }"""));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid request", result.Stderr, StringComparison.Ordinal);
    }
}
