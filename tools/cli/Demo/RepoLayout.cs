namespace Custody.Cli.Demo;

/// <summary>Where the demo finds the repository's pinned tools: the folder holding Custody.sln, found by walking up.</summary>
internal static class RepoLayout
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Custody.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DemoException($"Cannot find the repository (no Custody.sln above {AppContext.BaseDirectory}); run the demo from a clone (./eng/demo.sh).");
    }

    /// <summary>The anvil binary of the pinned npm package @foundry-rs/anvil-linux-amd64.</summary>
    public static string Anvil()
    {
        var path = Path.Combine(Root(), "eng", "node", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        return File.Exists(path)
            ? path
            : throw new DemoException($"anvil is not installed ({path} is missing): run ./eng/tools.sh first.");
    }
}
