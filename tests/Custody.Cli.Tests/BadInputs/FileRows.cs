using Custody.Contracts.Json;
using static Custody.Cli.Tests.BadInput.Bytes;

namespace Custody.Cli.Tests.BadInputs;

/// <summary>
/// The bad files every command that reads a JSON file must refuse the same way: missing, a folder, empty,
/// binary, other encodings, over the size limit, /dev/zero, too deep, cut short, trailing text, JSON null.
/// <c>{file}</c> in the arguments is where the file goes.
/// </summary>
internal static class FileRows
{
    public const string File = "{dir}/input.json";

    public static IEnumerable<(string Name, BadInput Row)> For(string[] args, string what, InputLimit limit, string nullProblem = "$: must be an object")
    {
        string[] At(string path) => args.Select(a => a.Replace("{file}", path, StringComparison.Ordinal)).ToArray();
        BadInput Invalid(string path, string problem) => new(At(path), 1, $"error: invalid {what} {path}: {problem}");
        BadInput Unreadable(string path, string reason) => new(At(path), 2, $"error: cannot read {what} {path}: {reason}");

        yield return ("missing file", Unreadable("{dir}/absent.json", "no such file"));
        yield return ("missing folder", Unreadable("{dir}/absent/input.json", "no such directory"));
        yield return ("a folder", Unreadable("{dir}", "is a directory"));
        yield return ("empty", Invalid(File, $"$: is empty; expected {limit.What} as JSON").With("input.json", ""));
        yield return ("binary", Invalid(File, "$: not UTF-8 text").With("input.json", Binary));
        yield return ("UTF-16", Invalid(File, "$: not UTF-8 text").With("input.json", Utf16("{}")));
        yield return ("Latin-1", Invalid(File, "$: not UTF-8 text").With("input.json", Latin1("{\"name\": \"caf\u00e9\"}")));
        yield return ("one byte over the limit", Invalid(File, limit.TooLarge.ToString()).With("input.json", Spaces(limit.MaxBytes + 1)));
        yield return ("/dev/zero", Invalid("/dev/zero", limit.TooLarge.ToString()));
        yield return ("nested too deep", Invalid(File, $"$: not valid JSON at line 1, byte {limit.MaxDepth + 1}: nests deeper than the limit of {limit.MaxDepth} for {limit.What}")
            .With("input.json", Nested(limit.MaxDepth + 1)));
        yield return ("cut short", Invalid(File, "$: not valid JSON at line 1, byte 7: ends before every object and array is closed").With("input.json", "{\"a\": "));
        yield return ("trailing text", Invalid(File, "$: not valid JSON at line 1, byte 4: '}' is invalid after a single JSON value").With("input.json", "{} }"));
        yield return ("a comment", Invalid(File, "$: not valid JSON at line 1, byte 1: '/' is an invalid start of a value").With("input.json", "// policy\n{}"));
        yield return ("JSON null", Invalid(File, nullProblem).With("input.json", "null"));
    }
}
