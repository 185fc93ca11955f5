namespace Custody.Domain.Policies;

/// <summary>A policy file read at start: its text (kept so other instances can re-check it) and the validated policy.</summary>
public sealed record PolicyFile(string Path, string Text, Policy Policy)
{
    /// <summary>Reads and validates <paramref name="path"/>; an invalid file throws with the message `custody policy check` prints.</summary>
    public static PolicyFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read {path}: {e.Message}", e);
        }

        if (!PolicyParser.TryParse(text, out var policy, out var errors))
        {
            throw new InvalidOperationException(PolicyErrorReport.Format(System.IO.Path.GetFileName(path), errors));
        }

        return new PolicyFile(path, text, policy!);
    }
}
