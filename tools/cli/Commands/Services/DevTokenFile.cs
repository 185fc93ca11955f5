namespace Custody.Cli.Commands.Services;

/// <summary>
/// The dev issuer's tokens as a file (<c>custody dev issuer --token-file</c>): one <c>role subject token</c> line each,
/// so that the local demo gets its bearer tokens without reading another process's console. The file is created with
/// mode 0600 under a temporary name and renamed into place, so a reader sees no file or the whole file, never a part.
/// </summary>
internal static class DevTokenFile
{
    public static async Task WriteAsync(string path, IReadOnlyList<string> lines, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new ArgumentException("--token-file is written with Unix permissions (0600); Windows is not supported.");
        }

        var full = Path.GetFullPath(path);
        var temporary = full + ".writing";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            await using (var stream = new FileStream(temporary, options))
            await using (var writer = new StreamWriter(stream))
            {
                foreach (var line in lines)
                {
                    await writer.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new ArgumentException($"cannot write the token file {full}: {ex.Message}", ex);
        }
    }

    /// <summary>The token of <paramref name="role"/> for <paramref name="subject"/> in a file <see cref="WriteAsync"/> wrote, or null.</summary>
    public static string? Find(IEnumerable<string> lines, string role, string subject) =>
        lines.Select(line => line.Split(' ', 3)).FirstOrDefault(parts => parts.Length == 3 && parts[0] == role && parts[1] == subject)?[2];
}
