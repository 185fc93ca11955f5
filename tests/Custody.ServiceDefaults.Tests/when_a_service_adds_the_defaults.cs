using System.Diagnostics;
using System.Net;
using Custody.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Custody.ServiceDefaults.Tests;

public sealed class when_a_service_adds_the_defaults
{
    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    [Fact]
    public async Task health_and_liveness_endpoints_answer_healthy()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        foreach (var path in new[] { "/health", "/alive" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task spans_of_every_custody_activity_source_are_recorded()
    {
        await using var app = await StartAsync();
        using var custodySource = new ActivitySource("Custody.Signer");
        using var foreignSource = new ActivitySource("Someone.Else");

        using var custodySpan = custodySource.StartActivity("sign");
        using var foreignSpan = foreignSource.StartActivity("other");

        Assert.NotNull(custodySpan);
        Assert.True(custodySpan.Recorded);
        Assert.Null(foreignSpan);
    }
}
