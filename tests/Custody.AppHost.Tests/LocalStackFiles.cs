using Custody.AppHost;
using Custody.Cli.Commands.Services;
using Microsoft.Extensions.Configuration;

namespace Custody.AppHost.Tests;

/// <summary>
/// A stack folder as the AppHost prepares it: `custody dev stack-files --out {folder}/files --policy
/// tools/apphost/local-policy.json` run in process (the real command, the AppHost's policy), and the AppHost's
/// <see cref="StackSettings"/> for it (default ports; nothing listens).
/// </summary>
public sealed class LocalStackFiles : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("custody-apphost-test-");

    internal StackSettings Settings { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Settings = new StackSettings(StackPorts.From(new ConfigurationBuilder().Build()), _folder.FullName);
        var policy = Path.Combine(Custody.Testing.RepoPaths.Root, "tools", "apphost", StackSettings.PolicyFileName);
        var exitCode = await DevStackCommands.StackFiles().Parse(["--out", Settings.Files, "--policy", policy]).InvokeAsync();
        Assert.Equal(0, exitCode);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
