using System.Net;
using System.Text.Json;
using Custody.Policy.Tests.Support;
using Custody.Testing;

namespace Custody.Policy.Tests;

/// <summary>What every service serves besides its API: health, liveness and the OpenAPI document.</summary>
public sealed class when_the_service_starts(PubSubEmulator pubSub, FirestoreEmulator firestore) : PolicyServiceTest(pubSub, firestore)
{
    [Fact]
    public async Task health_liveness_and_the_openapi_document_are_served_without_a_token()
    {
        using var client = Service.CreateClient();
        foreach (var path in new[] { "/health", "/alive" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/approvals/pending", paths);
        Assert.Contains("/v1/transactions/{requestId}/review", paths);
        Assert.Contains("/v1/transactions/{requestId}/approvals", paths);
    }

    [Fact]
    public async Task the_policy_it_was_started_with_is_stored_under_its_id()
    {
        var id = Domain.Policies.PolicyParser.Parse(TestPolicy.Json).Id;
        var stored = await Service.Database.GetAsync(Policies.LoadedPolicies.PathOf(id), Gcp.Firestore.RawFields.Mapper, TestContext.Current.CancellationToken);
        Assert.Equal(id, Domain.Policies.PolicyParser.Parse(stored!.Value.GetString("text")).Id);
    }
}
