using Custody.Cosigner.Tests.Support;
using Custody.Parties.Identity;
using Custody.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Custody.Cosigner.Tests.Support.CosignerFiles;

namespace Custody.Cosigner.Tests;

/// <summary>
/// The co-signer refuses to start, with one line saying why, when its identity or link settings are wrong
/// (docs/signing.md "The co-signer service"); the signer never sees it.
/// </summary>
public sealed class when_the_cosigner_cannot_start(FirestoreEmulator firestore) : IAsyncLifetime
{
    private CosignerFiles _files = null!;
    private LoopbackCoordinator _signer = null!;

    public async ValueTask InitializeAsync()
    {
        _files = await CosignerFiles.CreateAsync();
        _signer = await LoopbackCoordinator.StartAsync(_files.SignerDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _signer.DisposeAsync();
        await _files.DisposeAsync();
    }

    [Fact]
    public async Task an_identity_file_whose_keys_are_not_the_ones_the_roster_pins_is_refused()
    {
        using var other = PartyKeys.Generate(CosignerA);
        _files.WriteRoster(other.Pinned());

        var reason = await RefusedAsync<InvalidOperationException>();

        Assert.Contains($"the identity file {_files.IdentityFile} holds signing key {Convert.ToHexStringLower(_files.Own.SigningKey)}", reason, StringComparison.Ordinal);
        Assert.Contains($"pins {Convert.ToHexStringLower(other.Signing.PublicKey)} for {Party}", reason, StringComparison.Ordinal);
        Assert.Empty(_signer.Hub.Connected);
    }

    [Fact]
    public async Task a_party_that_is_not_in_the_roster_is_refused()
    {
        File.WriteAllBytes(_files.RosterFile, PartyRoster.Write(new Dictionary<string, PinnedParty>
        {
            ["signer"] = _files.SignerKeys.Pinned(),
            ["cosigner-b"] = _files.CosignerBKeys.Pinned(),
        }));

        Assert.Equal($"party {Party} is not in the roster {_files.RosterFile}", await RefusedAsync<InvalidOperationException>());
    }

    [Fact]
    public async Task a_coordinator_that_is_not_in_the_roster_is_refused() =>
        Assert.Equal($"the coordinator the-signer is not in the roster {_files.RosterFile}", await RefusedAsync<InvalidOperationException>(("Cosigner:Coordinator", "the-signer")));

    [Fact]
    public async Task an_identity_file_sealed_under_another_key_provider_key_is_refused()
    {
        // Another operator's key file: the identity does not open.
        var otherKey = Path.Combine(_files.Root, "other.kek");
        using (new Keys.DevFile.DevFileKeyEncryptionProvider(new Keys.DevFile.DevFileKeyOptions { Path = otherKey }, "Test"))
        {
        }

        var reason = await RefusedAsync<InvalidOperationException>(("Keys:DevFile:Path", otherKey));

        Assert.StartsWith($"the identity file {_files.IdentityFile} does not open as party {Party}'s with this key provider", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_identity_file_is_refused()
    {
        var missing = Path.Combine(_files.Root, "nowhere.sealed");

        Assert.StartsWith($"no party identity at {missing}", await RefusedAsync<InvalidOperationException>(("Cosigner:IdentityFile", missing)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cosigner:CoordinatorAddress", "http://127.0.0.1:1/", "Cosigner:CoordinatorAddress must be an absolute https URI")]
    [InlineData("Cosigner:CoordinatorAddress", "signer.example:443", "Cosigner:CoordinatorAddress must be an absolute https URI")]
    [InlineData("Cosigner:CoordinatorCertificatePin", "abcd", "Cosigner:CoordinatorCertificatePin must be 64 hex digits")]
    [InlineData("Cosigner:SessionTimeoutSeconds", "0", "Cosigner:SessionTimeoutSeconds must be between 1 and 600")]
    [InlineData("Cosigner:IdentityFile", "", "Cosigner:IdentityFile is required")]
    [InlineData("Cosigner:RosterFile", "", "Cosigner:RosterFile is required")]
    [InlineData("Cosigner:Coordinator", Party, "Cosigner:Coordinator names this party itself")]
    public async Task a_setting_out_of_its_range_is_refused(string key, string value, string expected) =>
        Assert.Contains(expected, await RefusedAsync<OptionsValidationException>((key, value)), StringComparison.Ordinal);

    /// <summary>Starts the co-signer with the settings changed; returns the reason it refused, after checking it logged one line.</summary>
    private async Task<string> RefusedAsync<TException>(params (string Key, string Value)[] changes)
        where TException : Exception
    {
        var settings = _files.Settings(_signer, firestore, GoogleEmulator.NewProjectId());
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        var logs = new LogCapture();
        var error = Assert.IsType<TException>(await CosignerHost.TryStartAsync(settings, logs));
        if (error is InvalidOperationException)
        {
            Assert.Contains(logs.Records, r => r.Level == LogLevel.Critical && r.Message == "The co-signer cannot start: " + error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }

        return error.Message;
    }
}
