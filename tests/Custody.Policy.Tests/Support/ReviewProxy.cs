using System.Net;
using System.Net.Http.Json;
using Custody.Contracts.Approvals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Policy.Tests.Support;

/// <summary>
/// A real HTTP server on loopback in front of the hosted policy service, for the `custody` process: it forwards the
/// review and the votes, and can lie, rewriting the review with <see cref="Tamper"/> before the CLI sees it.
/// </summary>
internal sealed class ReviewProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _posts;

    private ReviewProxy(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Votes that reached the proxy (a CLI that refuses posts nothing).</summary>
    public int Posts => _posts;

    public Func<ApprovalReview, ApprovalReview> Tamper { get; set; } = r => r;

    public static async Task<ReviewProxy> StartAsync(PolicyServiceHost service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApprovalsJsonContext.Default));
        var app = builder.Build();
        var proxy = new ReviewProxy(app);
        app.MapGet("/v1/transactions/{requestId}/review", async (string requestId) =>
        {
            using var client = service.Client();
            var review = await client.GetFromJsonAsync($"/v1/transactions/{requestId}/review", ApprovalsJsonContext.Default.ApprovalReview);
            return Results.Json(proxy.Tamper(review!), ApprovalsJsonContext.Default.ApprovalReview);
        });
        app.MapPost("/v1/transactions/{requestId}/approvals", async (string requestId, VoteSubmission vote) =>
        {
            Interlocked.Increment(ref proxy._posts);
            using var client = service.Client();
            using var response = await client.PostAsJsonAsync($"/v1/transactions/{requestId}/approvals", vote, ApprovalsJsonContext.Default.VoteSubmission);
            return Results.Content(await response.Content.ReadAsStringAsync(), "application/json", statusCode: (int)response.StatusCode);
        });
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy.Address = new Uri($"http://127.0.0.1:{bound.Port}/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
