using Custody.Attestation.Verification;
using Custody.Domain.Approvals;
using Custody.Signing.Admission;
using Microsoft.Extensions.Options;

namespace Custody.Cosigner;

/// <summary>
/// At start, before the co-signer connects to the signer: loads its policies, approver keys and attestation trust
/// (any invalid one stops the service with its reason) and logs what it accepts.
/// </summary>
public sealed partial class CosignerStartup(IServiceProvider services, IOptions<CosignerOptions> options, ILogger<CosignerStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var policies = services.GetRequiredService<PolicyBook>();
            var approvers = services.GetRequiredService<ApproverRegistry>();
            services.GetRequiredService<AttestationVerifier>();
            var attestation = services.GetRequiredService<IOptions<AttestationVerifierOptions>>().Value;
            LogLoaded(options.Value.Party, string.Join(", ", policies.Ids), approvers.Count, attestation.Issuer, string.Join(", ", attestation.AllowedImageDigests));
            foreach (var id in policies.Ids)
            {
                policies.TryGet(id.ToString(), out var policy);
                // docs/policy.md "Fee caps": a chain without a cap is never signed on; say so once at start.
                LogFeeCaps(id.ToString(), policy.FeeCaps.Count == 0 ? "none: every request under it is refused" : string.Join(", ", policy.FeeCaps.Keys.Order()));
            }
        }
        catch (InvalidOperationException e)
        {
            LogInvalid(e.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Co-signer {Party}: policies {PolicyIds}; {ApproverCount} approver keys; trusts attestation issuer {Issuer} for images {ImageDigests}.")]
    private partial void LogLoaded(string party, string policyIds, int approverCount, string issuer, string imageDigests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {PolicyId} caps fees on chains: {Chains}.")]
    private partial void LogFeeCaps(string policyId, string chains);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The co-signer cannot start: {Reason}")]
    private partial void LogInvalid(string reason);
}
