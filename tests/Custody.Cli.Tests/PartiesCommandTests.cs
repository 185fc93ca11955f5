using System.Text;
using System.Text.Json;
using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;

namespace Custody.Cli.Tests;

/// <summary><c>custody parties identity</c> (docs/signing.md "The co-signer service"): the identity file a co-signer starts with, and its roster entry.</summary>
public sealed class when_an_operator_creates_a_party_identity : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string KeyFile => Path.Combine(_dir.Path, "party.kek");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task the_file_is_owner_only_and_opens_to_the_keys_of_the_printed_roster_entry()
    {
        var path = Path.Combine(_dir.Path, "identity.sealed");
        var result = await CustodyCli.RunAsync("parties", "identity", "--party", "cosigner-a", "--id", "2", "--out", path, "--dev-key-file", KeyFile);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var entry = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(("cosigner-a", 2), (entry.GetProperty("name").GetString(), entry.GetProperty("id").GetInt32()));

        // The printed entry is a roster entry as the service reads it, and the file holds exactly those keys.
        var roster = PartyRoster.Parse(Encoding.UTF8.GetBytes($"{{\"parties\":[{result.Stdout},{{\"name\":\"signer\",\"id\":1,\"signingKey\":\"{new string('1', 64)}\",\"encryptionKey\":\"{new string('2', 64)}\"}}]}}"), "stdout");
        using var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = KeyFile, CreateIfMissing = false }, "Test");
        using var keys = await PartyIdentityFile.LoadAsync(path, "cosigner-a", PartyId.Create(2), new KeySealer(provider), TestContext.Current.CancellationToken);
        Assert.Equal(roster.Parties["cosigner-a"].SigningKey, keys.Signing.PublicKey);
        Assert.Equal(roster.Parties["cosigner-a"].EncryptionKey, keys.Encryption.PublicKey);
    }

    [Fact]
    public async Task an_existing_identity_file_is_never_overwritten()
    {
        var path = _dir.File("identity.sealed", "keep me");

        var result = await CustodyCli.RunAsync("parties", "identity", "--party", "cosigner-a", "--id", "2", "--out", path, "--dev-key-file", KeyFile);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Contains("never overwritten", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cosigner-A", "2", "--party")]
    [InlineData("cosigner-a", "0", "--id")]
    [InlineData("cosigner-a", "70000", "--id")]
    public async Task an_invalid_name_or_id_is_refused_and_nothing_is_written(string party, string id, string named)
    {
        var path = Path.Combine(_dir.Path, "identity.sealed");

        var result = await CustodyCli.RunAsync("parties", "identity", "--party", party, "--id", id, "--out", path, "--dev-key-file", KeyFile);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {named}", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task without_a_dev_key_file_or_a_configured_provider_it_says_which_setting_is_missing()
    {
        var path = Path.Combine(_dir.Path, "identity.sealed");

        var result = await CustodyCli.RunAsync("parties", "identity", "--party", "cosigner-a", "--id", "2", "--out", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Keys:Provider", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
