using Custody.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Custody.AppHost.Tests;

/// <summary>
/// A service's host built as its Program builds it, from the environment variables the AppHost gives it (content root:
/// the service's folder, so its appsettings.json applies as under `dotnet run`), then the checks it runs when it starts:
/// every ValidateOnStart option. Built only: no hosted service starts, no port is bound, nothing is dialled.
/// </summary>
internal static class ServiceHost
{
    public static WebApplication Build(string service, IReadOnlyDictionary<string, string> environment, Action<WebApplicationBuilder> addService, string? environmentName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environmentName ?? environment["ASPNETCORE_ENVIRONMENT"],
            ContentRootPath = Path.Combine(RepoPaths.Root, "services", service),
        });
        builder.Configuration.AddInMemoryCollection(environment
            .Where(setting => !setting.Key.EndsWith("_ENVIRONMENT", StringComparison.Ordinal))
            .Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)));
        addService(builder);
        var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return app;
    }
}
