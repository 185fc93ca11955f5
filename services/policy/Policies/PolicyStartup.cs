namespace Custody.Policy.Policies;

/// <summary>
/// At start, before any subscription: loads the policy file (an invalid file stops the service with the
/// `custody policy check` message), the approvers' keys and the token registry (either invalid stops it too),
/// logs the policy id, and stores the policy text under <c>policies/{id}</c>.
/// </summary>
public sealed partial class PolicyStartup(IServiceProvider services, ILogger<PolicyStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LoadedPolicies policies;
        int approvers;
        try
        {
            policies = services.GetRequiredService<LoadedPolicies>();
            approvers = services.GetRequiredService<Domain.Approvals.ApproverRegistry>().Count;
            services.GetRequiredService<Display.TokenRegistry>();
        }
        catch (InvalidOperationException e)
        {
            LogInvalid(e.Message);
            throw;
        }

        LogLoaded(policies.Current.Path, policies.Current.Policy.Id.ToString(), policies.Current.Policy.Name ?? "(none)", approvers);
        await policies.PublishCurrentAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {PolicyFile} loaded: id {PolicyId}, name {PolicyName}; {ApproverCount} approver keys.")]
    private partial void LogLoaded(string policyFile, string policyId, string policyName, int approverCount);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The policy service cannot start: {Reason}")]
    private partial void LogInvalid(string reason);
}
