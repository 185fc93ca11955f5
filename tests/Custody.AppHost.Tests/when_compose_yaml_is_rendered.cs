using Custody.Testing;

namespace Custody.AppHost.Tests;

/// <summary>compose.yaml is ComposeFile's rendering of the local stack's settings (docs/running.md "With Docker").</summary>
public sealed class when_compose_yaml_is_rendered
{
    private static readonly string ComposePath = Path.Combine(RepoPaths.Root, "compose.yaml");

    [Fact]
    public void the_committed_file_is_the_rendering_of_the_stack_settings()
    {
        var rendered = ComposeFile.Render();
        if (Environment.GetEnvironmentVariable("CUSTODY_UPDATE_COMPOSE") == "1")
        {
            File.WriteAllText(ComposePath, rendered);
        }

        Assert.True(File.Exists(ComposePath), "compose.yaml is missing: run CUSTODY_UPDATE_COMPOSE=1 dotnet test tests/Custody.AppHost.Tests");
        Assert.True(rendered == File.ReadAllText(ComposePath),
            "compose.yaml differs from tools/apphost/ComposeFile.cs's rendering of StackSettings: run CUSTODY_UPDATE_COMPOSE=1 dotnet test tests/Custody.AppHost.Tests and commit it");
    }

    [Fact]
    public void every_image_it_builds_has_its_dockerfile_and_every_container_but_net_shares_its_loopback_and_only_built_ones_the_stack_volume()
    {
        var services = Services(ComposeFile.Render());
        var dockerfiles = services.Values.SelectMany(block => block).Where(l => l.StartsWith("dockerfile: ", StringComparison.Ordinal)).Select(l => l["dockerfile: ".Length..]).Distinct().ToArray();

        Assert.Equal(["tools/cli/Dockerfile", "services/intake/Dockerfile", "services/policy/Dockerfile", "services/signer/Dockerfile", "services/cosigner/Dockerfile", "services/broadcaster/Dockerfile"], dockerfiles);
        Assert.All(dockerfiles, d => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, d)), $"{d} is missing"));
        Assert.Equal(14, services.Count);
        Assert.All(services.Where(s => s.Key != "net"), s => Assert.Contains("network_mode: \"service:net\"", s.Value));
        // The stack volume only in the images built here (each has /stack owned by its app user), none pulled.
        Assert.All(services, s => Assert.Equal(s.Value.Contains("context: ."), s.Value.Contains("volumes: [\"stack:/stack\"]")));
        // Only the services, the emulators, anvil and the dashboard are published; the dev issuers stay on loopback.
        Assert.DoesNotContain(services["net"], l => l.Contains(":18599", StringComparison.Ordinal) || l.Contains(":18600", StringComparison.Ordinal));
    }

    // Each top-level service of the rendering and its lines (trimmed).
    private static Dictionary<string, List<string>> Services(string yaml)
    {
        var services = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in yaml.Split('\n').SkipWhile(l => l != "services:").Skip(1).TakeWhile(l => l != "volumes:"))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                services[line.Trim().TrimEnd(':')] = current = [];
            }
            else
            {
                current?.Add(line.Trim());
            }
        }

        return services;
    }
}
