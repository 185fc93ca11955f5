using System.Text.RegularExpressions;
using System.Xml.Linq;
using Custody.Testing;

namespace Custody.AppHost.Tests;

/// <summary>
/// The images compose.yaml builds (one Dockerfile per service, beside its project, docs/running.md "With Docker") are
/// built the same way: from the repository root with the SDK image, publishing their own project, running that
/// project's assembly on the ASP.NET runtime image as the image's non-root app user.
/// </summary>
public sealed partial class when_the_images_are_defined
{
    public static TheoryData<string> Dockerfiles() =>
        [.. ComposeBuilt()];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void each_publishes_the_project_beside_it_and_runs_its_assembly_as_a_non_root_user(string dockerfile)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, dockerfile));
        var folder = Path.GetDirectoryName(dockerfile)!.Replace('\\', '/');
        var project = Assert.Single(Directory.GetFiles(Path.Combine(RepoPaths.Root, folder), "*.csproj"));
        var published = Publish().Match(text);
        var entry = Entry().Match(text);

        Assert.True(published.Success, $"{dockerfile} does not run `dotnet publish`");
        Assert.Equal($"{folder}/{Path.GetFileName(project)}", published.Groups["project"].Value);
        Assert.True(entry.Success, $"{dockerfile} has no ENTRYPOINT [\"dotnet\", \"<assembly>.dll\"]");
        Assert.Equal(AssemblyName(project) + ".dll", entry.Groups["dll"].Value);
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0"], From().Matches(text).Select(m => m.Groups["image"].Value));
        Assert.Contains("\nUSER $APP_UID\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void the_build_context_leaves_out_build_outputs_but_keeps_the_verified_protos()
    {
        // deploy/confidential-space/Dockerfile builds from eng/.protos as a local build verified it.
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Where(l => l.Length > 0 && l[0] != '#').ToArray();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.DoesNotContain(ignored, l => l.StartsWith("eng/.protos", StringComparison.Ordinal) || l == "eng/" || l == "*");
    }

    private static IEnumerable<string> ComposeBuilt() =>
        ComposeFile.Render().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("dockerfile: ", StringComparison.Ordinal))
            .Select(l => l["dockerfile: ".Length..]).Distinct();

    private static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(project);

    [GeneratedRegex(@"^RUN dotnet publish (?<project>\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex Publish();

    [GeneratedRegex(@"^ENTRYPOINT \[""dotnet"", ""(?<dll>[^""]+)""\]", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"^FROM (?<image>.+)$", RegexOptions.Multiline)]
    private static partial Regex From();
}
