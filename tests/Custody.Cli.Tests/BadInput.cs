using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Custody.Cli.Tests;

/// <summary>
/// One row of a command's bad-input table: the files to create, the arguments (with <c>{dir}</c> for the row's
/// own temporary folder), optional stdin, and what must happen: the exit code, the exact first line on stderr,
/// nothing on stdout, and no file created, changed or removed in the folder.
/// </summary>
public sealed record BadInput(string[] Args, int ExitCode, string FirstLine)
{
    public Dictionary<string, byte[]> Files { get; init; } = [];

    public byte[]? Stdin { get; init; }

    public BadInput With(string name, string content) => this with { Files = new(Files) { [name] = Encoding.UTF8.GetBytes(content) } };

    public BadInput With(string name, byte[] content) => this with { Files = new(Files) { [name] = content } };

    /// <summary>Runs the row as a real <c>custody</c> process and checks every promise of a refusal.</summary>
    public async Task AssertRefusedAsync(IReadOnlyDictionary<string, string>? placeholders = null)
    {
        using var dir = new TempDirectory();
        foreach (var (name, content) in Files)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir.Path, name), content, TestContext.Current.CancellationToken);
        }

        var before = Snapshot(dir.Path);
        var names = new Dictionary<string, string>(placeholders ?? new Dictionary<string, string>()) { ["{dir}"] = dir.Path };
        string Fill(string text) => names.Aggregate(text, (current, name) => current.Replace(name.Key, name.Value, StringComparison.Ordinal));
        var args = Args.Select(Fill).ToArray();
        var result = await CustodyCli.RunAsync(TimeSpan.FromSeconds(90), new Dictionary<string, string>(), Stdin, args);

        var firstLine = result.Stderr.Split('\n')[0].TrimEnd('\r');
        Assert.True(
            result.ExitCode == ExitCode && firstLine == Fill(FirstLine),
            $"custody {string.Join(' ', args)}{Environment.NewLine}expected exit {ExitCode}: {FirstLine}{Environment.NewLine}got exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dir.Path));
    }

    /// <summary>Every file below the folder with its length and content hash.</summary>
    private static string Snapshot(string root) =>
        string.Join('\n', Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => File.Exists(path) ? $"{path} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))}" : path));

    /// <summary>A loopback port on which nothing listens (bound, then released).</summary>
    public static string ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }

    /// <summary>Common bad bytes.</summary>
    public static class Bytes
    {
        public static readonly byte[] Binary = [0xFF, 0xFE, 0x00, 0x01, 0x80, 0x7F];

        public static byte[] Utf16(string text) => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];

        public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

        public static byte[] Spaces(int count) => Enumerable.Repeat((byte)' ', count).ToArray();

        public static string Nested(int depth) => new string('[', depth) + new string(']', depth);
    }
}
