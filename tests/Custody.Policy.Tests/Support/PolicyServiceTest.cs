using Custody.ServiceDefaults.Authentication;
using Custody.Testing;

namespace Custody.Policy.Tests.Support;

/// <summary>
/// Base of the service tests: one policy service instance in a fresh project with the test policy and approvers.
/// <see cref="StartAnotherInstance"/> adds a second instance on the same project and state.
/// </summary>
public abstract class PolicyServiceTest : IAsyncLifetime
{
    private readonly List<PolicyServiceHost> _hosts = [];
    private readonly string _policyFile = PolicyServiceHost.WritePolicy(TestPolicy.Json);

    private protected PolicyServiceTest(PubSubEmulator pubSub, FirestoreEmulator firestore)
    {
        EmulatorHosts = new Emulators(pubSub, firestore);
        ProjectId = GoogleEmulator.NewProjectId("policy");
    }

    private protected DevIdTokenIssuer Issuer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await DevIdTokenIssuer.StartAsync("Test", ct: TestContext.Current.CancellationToken);
        Service = StartAnotherInstance();
    }

    private protected Emulators EmulatorHosts { get; }

    private protected string ProjectId { get; }

    private protected Approvers Approvers { get; } = new();

    private protected PolicyServiceHost Service { get; private set; } = null!;

    private protected PolicyServiceHost StartAnotherInstance(TimeSpan? sweepInterval = null)
    {
        var host = new PolicyServiceHost(EmulatorHosts, Issuer, ProjectId, Approvers, _policyFile, sweepInterval);
        _hosts.Add(host);
        _ = host.Services; // starts the host
        return host;
    }

    /// <summary>Publishes a request as validated and waits until the service has decided it.</summary>
    private protected async Task<Custody.State.TransactionRecord> DecideAsync(Contracts.Events.TransactionRequested request, string expectedState)
    {
        await Service.PublishValidatedAsync(request);
        return await Service.WaitForStateAsync(request.RequestId, expectedState);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        Approvers.Dispose();
        File.Delete(_policyFile);
        GC.SuppressFinalize(this);
    }
}
