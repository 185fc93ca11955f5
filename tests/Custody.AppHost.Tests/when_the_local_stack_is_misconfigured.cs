using Custody.Domain.Approvals;
using Custody.Policy.Extensions;
using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;
using Custody.Signer.Coordination;
using Custody.Signer.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Custody.AppHost.Tests;

/// <summary>
/// The two faults that kept the local stack's services from starting (docs/running.md): run as Production (DCP starts
/// projects without a launch profile) and an approvers folder without keys. Each is refused with its reason; these
/// tests show that the positive ones above would catch them.
/// </summary>
public sealed class when_the_local_stack_is_misconfigured(LocalStackFiles stack) : IClassFixture<LocalStackFiles>
{
    [Fact]
    public void a_service_run_as_production_refuses_the_plain_http_token_issuer()
    {
        var refused = Assert.Throws<OptionsValidationException>(() =>
            ServiceHost.Build("policy", stack.Settings.Policy(), b => b.AddServiceDefaults().AddServiceAuthentication().AddPolicyService(), environmentName: "Production"));
        Assert.Contains("https", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_signer_run_as_production_refuses_the_dev_key_file()
    {
        var settings = new Dictionary<string, string>(stack.Settings.Signer(), StringComparer.Ordinal)
        {
            ["Authentication__Authority"] = "https://issuer.example", // past the token issuer check, to reach the key provider
        };
        using var signer = ServiceHost.Build("signer", settings, b => b.AddServiceDefaults().AddServiceAuthentication().AddSigner(), environmentName: "Production");
        var refused = Assert.Throws<InvalidOperationException>(() => signer.Services.GetRequiredService<SignerIdentity>());
        Assert.Contains("dev-file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_approvers_folder_without_keys_stops_the_policy_service()
    {
        var empty = Directory.CreateTempSubdirectory("custody-apphost-test-approvers-");
        try
        {
            var settings = new Dictionary<string, string>(stack.Settings.Policy(), StringComparer.Ordinal) { ["Policy__ApproversDirectory"] = empty.FullName };
            await using var policy = ServiceHost.Build("policy", settings, b => b.AddServiceDefaults().AddServiceAuthentication().AddPolicyService());
            var refused = Assert.Throws<InvalidOperationException>(() => policy.Services.GetRequiredService<ApproverRegistry>());
            Assert.Contains("holds no", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
