using System.Text;
using Custody.Contracts.Json;

namespace Custody.Cli;

/// <summary>
/// Reads one input file (or stdin for "-") within its <see cref="InputLimit"/>: never more than the limit
/// plus one byte is read, so <c>/dev/zero</c> or a huge file is refused at once. Failures are written as
/// one line, <c>error: cannot read &lt;what&gt; &lt;path&gt;: reason</c> or
/// <c>error: invalid &lt;what&gt; &lt;path&gt;: $.path: reason</c>.
/// </summary>
internal static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes of <paramref name="path"/> ("-" for stdin), or null after writing why and setting the exit code.</summary>
    public static byte[]? ReadBytes(string path, string what, InputLimit limit, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        byte[] bytes;
        try
        {
            if (path != "-" && Directory.Exists(path))
            {
                return CannotRead(path, what, "is a directory", out exitCode);
            }

            using var stream = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            bytes = ReadAtMost(stream, limit.MaxBytes + 1);
        }
        catch (FileNotFoundException)
        {
            return CannotRead(path, what, "no such file", out exitCode);
        }
        catch (DirectoryNotFoundException)
        {
            return CannotRead(path, what, "no such directory", out exitCode);
        }
        catch (UnauthorizedAccessException)
        {
            return CannotRead(path, what, "permission denied", out exitCode);
        }
        catch (IOException e)
        {
            return CannotRead(path, what, e.Message, out exitCode);
        }

        if (bytes.Length > limit.MaxBytes)
        {
            Invalid(path, what, [limit.TooLarge.ToString()], out exitCode);
            return null;
        }

        return bytes;
    }

    /// <summary>The text of the input, UTF-8 (a leading byte-order mark is dropped); null after writing why.</summary>
    public static string? ReadText(string path, string what, InputLimit limit, out int exitCode)
    {
        if (ReadBytes(path, what, limit, out exitCode) is not { } bytes)
        {
            return null;
        }

        var span = bytes.AsSpan();
        if (span.StartsWith("\xEF\xBB\xBF"u8))
        {
            span = span[3..];
        }

        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            Invalid(path, what, ["$: not UTF-8 text"], out exitCode);
            return null;
        }
    }

    /// <summary>Writes each problem as <c>error: invalid &lt;what&gt; &lt;path&gt;: problem</c>.</summary>
    public static void Invalid(string path, string what, IEnumerable<string> problems, out int exitCode)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: invalid {what} {Display(path)}: {problem}");
        }

        exitCode = ExitCodes.Invalid;
    }

    private static byte[]? CannotRead(string path, string what, string reason, out int exitCode)
    {
        Console.Error.WriteLine($"error: cannot read {what} {Display(path)}: {reason}");
        exitCode = ExitCodes.Unreadable;
        return null;
    }

    private static string Display(string path) => path == "-" ? "(stdin)" : path;

    private static byte[] ReadAtMost(Stream stream, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (buffer.Length < max)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length));
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
