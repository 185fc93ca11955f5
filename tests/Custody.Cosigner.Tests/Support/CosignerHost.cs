using Custody.Cosigner.Extensions;
using Custody.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.Cosigner.Tests.Support;

/// <summary>The real co-signer host (Program) in-process with the given settings; its logs are captured.</summary>
internal sealed class CosignerHost(IReadOnlyDictionary<string, string?> settings, TimeSpan? shutdownTimeout = null) : WebApplicationFactory<Program>
{
    public LogCapture Logs { get; } = new();

    /// <summary>Builds and starts the host (its hosted services, the link among them); throws what a refused start throws.</summary>
    public void Start() => _ = Services;

    /// <summary>
    /// Program's recipe (service defaults, <c>AddCosigner</c>) on a plain host started directly, for a start that is
    /// refused: the exception surfaces as thrown (WebApplicationFactory's deferred host can report a disposed
    /// provider instead). Returns what the start threw, or null when it started (and was stopped again).
    /// </summary>
    public static async Task<Exception?> TryStartAsync(IReadOnlyDictionary<string, string?> settings, LogCapture logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.AddServiceDefaults();
        try
        {
            builder.AddCosigner();
            await using var app = builder.Build();
            app.MapDefaultEndpoints();
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
#pragma warning disable CA1031 // The test asserts on whatever the start threw.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        if (shutdownTimeout is { } timeout)
        {
            builder.ConfigureTestServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout));
        }
    }
}
