namespace Custody.Policy.Policies;

/// <summary>
/// At start, before any subscription: loads the policy file (an invalid file stops the service with the
/// `custody policy check` message), logs its id, and stores its text under <c>policies/{id}</c>.
/// </summary>
public sealed partial class PolicyStartup(IServiceProvider services, ILogger<PolicyStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LoadedPolicies policies;
        try
        {
            policies = services.GetRequiredService<LoadedPolicies>();
        }
        catch (InvalidOperationException e)
        {
            LogInvalid(e.Message);
            throw;
        }

        LogLoaded(policies.Current.Path, policies.Current.Policy.Id.ToString(), policies.Current.Policy.Name ?? "(none)");
        await policies.PublishCurrentAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {PolicyFile} loaded: id {PolicyId}, name {PolicyName}.")]
    private partial void LogLoaded(string policyFile, string policyId, string policyName);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The policy service cannot start: {Reason}")]
    private partial void LogInvalid(string reason);
}
