using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Custody.ServiceDefaults;

/// <summary>
/// The one place that configures OpenTelemetry, health endpoints and exporters for every Custody service
/// (docs/conventions.md, after dotnet/eShop's ServiceDefaults).
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Every ActivitySource and Meter Custody's libraries and services own share this prefix.</summary>
    public const string TelemetryPrefix = "Custody.";

    private const string LivenessTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(TelemetryPrefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithLogging()
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryPrefix + "*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // OTLP only when configured (OTEL_EXPORTER_OTLP_ENDPOINT), so local runs and tests export nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LivenessTag]);
        return builder;
    }

    /// <summary>/health: every check (readiness). /alive: liveness only.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LivenessTag) });
        return app;
    }

    private static bool IsHealthPath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/alive", StringComparison.Ordinal);
}
