namespace Custody.Contracts.Json;

/// <summary>The size and nesting bounds of one kind of input, checked before it is parsed (docs/limits.md).</summary>
/// <param name="What">What the input is, in the words of an error message ("a policy", "a request").</param>
/// <param name="MaxBytes">Largest accepted input, in bytes of UTF-8.</param>
/// <param name="MaxDepth">Deepest accepted JSON nesting (objects and arrays).</param>
public sealed record InputLimit(string What, int MaxBytes, int MaxDepth)
{
    /// <summary>"$: a policy is larger than the 1048576-byte limit", the refusal of an input that is too large.</summary>
    public JsonProblem TooLarge => new("$", $"{What} is larger than the {MaxBytes}-byte limit");
}
