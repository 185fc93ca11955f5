using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Custody.Intake.Tests.Support;

/// <summary>The real intake host (Program) in-process, configured for the emulators and the dev issuer.</summary>
internal sealed class IntakeFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
