using Custody.Policy.Tests.Support;
using Custody.ServiceDefaults.Authentication;
using Custody.Testing;

namespace Custody.Policy.Tests;

/// <summary>The policy file is checked at start: an invalid one stops the service with the `custody policy check` message.</summary>
public sealed class when_the_policy_file_is_invalid(PubSubEmulator pubSub, FirestoreEmulator firestore)
{
    [Fact]
    public async Task the_service_does_not_start_and_says_what_is_wrong()
    {
        await using var issuer = await DevIdTokenIssuer.StartAsync("Test", ct: TestContext.Current.CancellationToken);
        using var approvers = new Approvers();
        var file = PolicyServiceHost.WritePolicy("""{ "version": 2, "rules": [] }""");
        try
        {
            await using var host = new PolicyServiceHost(new Emulators(pubSub, firestore), issuer, GoogleEmulator.NewProjectId("policy"), approvers, file);
            var error = Assert.Throws<InvalidOperationException>(() => host.Services);
            Assert.StartsWith($"invalid policy {Path.GetFileName(file)}:", error.Message, StringComparison.Ordinal);
            Assert.Contains("$.version: must be 1", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
