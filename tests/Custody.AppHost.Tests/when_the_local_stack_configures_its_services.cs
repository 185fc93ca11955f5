using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Custody.Broadcaster.Extensions;
using Custody.Cosigner;
using Custody.Cosigner.Extensions;
using Custody.Cosigner.Link;
using Custody.Domain.Approvals;
using Custody.Domain.Policies;
using Custody.Intake.Extensions;
using Custody.Keys.Sealing;
using Custody.Policy.Extensions;
using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;
using Custody.Signer.Coordination;
using Custody.Signer.Extensions;
using Custody.Signing.Admission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Custody.AppHost.Tests;

/// <summary>
/// The AppHost's settings for each service (tools/apphost StackSettings) with the files `custody dev stack-files`
/// wrote: every option check passes and every file a service loads when it starts loads (docs/running.md).
/// </summary>
public sealed class when_the_local_stack_configures_its_services(LocalStackFiles stack) : IClassFixture<LocalStackFiles>
{
    [Fact]
    public async Task intake_accepts_its_settings()
    {
        await using var intake = ServiceHost.Build("intake", stack.Settings.Intake(), b => b.AddServiceDefaults().AddServiceAuthentication().AddIntakeServices());
    }

    [Fact]
    public async Task policy_loads_the_reference_scenarios_policy_the_test_token_and_the_approvers_alice_and_bob()
    {
        await using var policy = ServiceHost.Build("policy", stack.Settings.Policy(), b => b.AddServiceDefaults().AddServiceAuthentication().AddPolicyService());

        Assert.Equal("primus-treasury", policy.Services.GetRequiredService<PolicyFile>().Policy.Name);
        Assert.True(Custody.Domain.Intents.Asset.TryParse(StackSettings.TestTokenAddress, out var token));
        Assert.Equal(("CTT", 18), policy.Services.GetRequiredService<Custody.Policy.Display.TokenRegistry>().Describe(token));
        var approvers = policy.Services.GetRequiredService<ApproverRegistry>();
        Assert.True(approvers.TryGet("alice", out _));
        Assert.True(approvers.TryGet("bob", out _));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task the_approvers_private_keys_sign_what_the_parties_verify()
    {
        await using var policy = ServiceHost.Build("policy", stack.Settings.Policy(), b => b.AddServiceDefaults().AddServiceAuthentication().AddPolicyService());
        var approvers = policy.Services.GetRequiredService<ApproverRegistry>();
        foreach (var approver in new[] { "alice", "bob" })
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(stack.Settings.Files, "approver-keys", approver + ".key.pem"), TestContext.Current.CancellationToken));
            var digest = RandomNumberGenerator.GetBytes(32);
            Assert.True(approvers.TryGet(approver, out var registered));
            Assert.True(registered.Verify(digest, key.SignData(digest, HashAlgorithmName.SHA256))); // the approval digest is the signed message (docs/approvals.md "Signature")
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(stack.Settings.Files, "approver-keys", approver + ".key.pem")));
        }
    }

    [Fact]
    public async Task the_broadcaster_accepts_its_settings_and_loads_the_policies_with_a_fee_cap_for_anvil()
    {
        await using var broadcaster = ServiceHost.Build("broadcaster", stack.Settings.Broadcaster(), b => b.AddServiceDefaults().AddBroadcaster());

        var policies = broadcaster.Services.GetRequiredService<PolicyBook>();
        Assert.True(policies.TryGet(Assert.Single(policies.Ids).ToString(), out var policy));
        Assert.True(policy.TryGetFeeCap(StackSettings.AnvilChainId, out _), "replacements on anvil are capped by the stack's policy");
    }

    [Fact]
    public async Task the_signer_opens_its_identity_and_loads_its_policies_approvers_and_certificate()
    {
        var settings = stack.Settings.Signer();
        await using var signer = ServiceHost.Build("signer", settings, b => b.AddServiceDefaults().AddServiceAuthentication().AddSigner());

        using var identity = signer.Services.GetRequiredService<SignerIdentity>();
        Assert.Single(signer.Services.GetRequiredService<PolicyBook>().Ids);
        Assert.Equal(2, signer.Services.GetRequiredService<ApproverRegistry>().Count);
        using var certificate = X509Certificate2.CreateFromPemFile(settings["Signer__CertificateFile"], settings["Signer__CertificateKeyFile"]);
        Assert.True(certificate.HasPrivateKey);
    }

    [Theory]
    [InlineData("cosigner-a")]
    [InlineData("cosigner-b")]
    public async Task a_cosigner_opens_its_identity_and_pins_the_signers_certificate(string party)
    {
        var pin = await File.ReadAllTextAsync(stack.Settings.SignerPinFile, TestContext.Current.CancellationToken);
        await using var cosigner = ServiceHost.Build("cosigner", stack.Settings.Cosigner(party, pin), b => b.AddServiceDefaults().AddCosigner());

        await ActivatorUtilities.CreateInstance<CosignerStartup>(cosigner.Services).StartAsync(TestContext.Current.CancellationToken);
        var options = cosigner.Services.GetRequiredService<IOptions<CosignerOptions>>().Value;
        using var identity = await CosignerIdentity.LoadAsync(options, cosigner.Services.GetRequiredService<KeySealer>(), TestContext.Current.CancellationToken);
        using var signerCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(stack.Settings.Signer()["Signer__CertificateFile"], TestContext.Current.CancellationToken));
        Assert.Equal(SHA256.HashData(signerCertificate.RawData), CosignerOptionsValidation.CertificatePin(options));
    }
}
