namespace Custody.Testing;

/// <summary>Locations in the repository that test fixtures need (pinned npm tools, test data).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds Custody.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>eng/node/node_modules, where eng/tools.sh installs anvil, ethers and @noble/curves.</summary>
    public static string NodeModules => Path.Combine(Root, "eng", "node", "node_modules");

    /// <summary>Path of a file installed by an npm package, with a clear error if eng/tools.sh has not run.</summary>
    public static string NodeTool(string relativePath)
    {
        var path = Path.Combine(NodeModules, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException(
                $"{relativePath} is not installed under {NodeModules}. Run ./eng/tools.sh (it installs the pinned npm tools).");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Custody.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Custody.sln not found above {AppContext.BaseDirectory}.");
    }
}
