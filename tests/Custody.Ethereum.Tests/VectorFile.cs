namespace Custody.Ethereum.Tests;

/// <summary>Reads a test-vector data file: '#' lines are the header (source note), blank lines are skipped.</summary>
internal static class VectorFile
{
    public static IEnumerable<string> Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", name))
            .Where(line => line.Length > 0 && !line.StartsWith('#'));
}
