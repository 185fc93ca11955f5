namespace Custody.Cli.Tests.Mpc;

/// <summary>`custody mpc derive` as a real process, on BIP-32 test vector 1 (public steps from m/0H/1/2H).</summary>
public sealed class when_a_child_key_is_derived
{
    private const string Vector1AtM0H12H = "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5";

    [Fact]
    public async Task it_prints_the_child_xpub_public_key_and_address()
    {
        var result = await CustodyCli.RunAsync("mpc", "derive", "--xpub", Vector1AtM0H12H, "--path", "m/2/1000000000");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("m/2/1000000000", root.GetProperty("path").GetString());
        // BIP-32 vector 1, m/0H/1/2H/2/1000000000; its address as ethers' HDNodeWallet computes it.
        Assert.Equal("xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy", root.GetProperty("xpub").GetString());
        Assert.Equal("0x022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011", root.GetProperty("publicKey").GetString());
        Assert.Equal("0x73659c60270d326c06Ac204F1A9C63f889a3D14B", root.GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("m/2'/1", "hardened")]
    [InlineData("2/1", "starts with \"m\"")]
    public async Task a_bad_path_exits_1_with_the_reason(string path, string reason)
    {
        var result = await CustodyCli.RunAsync("mpc", "derive", "--xpub", Vector1AtM0H12H, "--path", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task an_extended_private_key_is_refused()
    {
        var result = await CustodyCli.RunAsync("mpc", "derive", "--xpub", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", "--path", "m/0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PRIVATE", result.Stderr, StringComparison.Ordinal);
    }
}
