namespace Custody.Contracts.Json;

/// <summary>
/// The bounds of every input the project reads (docs/limits.md). Each is generous for legitimate input and
/// small enough that a hostile or mistaken one (<c>/dev/zero</c>, a deeply nested array) is refused before
/// parsing, with a message, instead of exhausting memory or stack.
/// </summary>
public static class InputLimits
{
    /// <summary>A <c>transaction-requested</c> body: calldata of at most 128 KiB is 256 KiB of hex, plus the other fields.</summary>
    public static readonly InputLimit Request = new("a request", 320 * 1024, 8);

    /// <summary>Any event body read from Pub/Sub; the largest event carries a whole request.</summary>
    public static readonly InputLimit EventBody = new("an event body", 512 * 1024, 16);

    /// <summary>An approval or the approval evidence of one request (a few hundred votes at most).</summary>
    public static readonly InputLimit Approval = new("an approval", 256 * 1024, 8);

    /// <summary>A policy file: thousands of rules and address-book entries.</summary>
    public static readonly InputLimit Policy = new("a policy", 1024 * 1024, 16);

    /// <summary>A velocity history: about 40 000 entries.</summary>
    public static readonly InputLimit History = new("a history", 8 * 1024 * 1024, 4);

    /// <summary>A transaction for <c>custody tx encode</c>: calldata of 128 KiB plus an access list.</summary>
    public static readonly InputLimit Transaction = new("a transaction", 512 * 1024, 8);

    /// <summary>A PEM key file (an approver's public key, a P-256 private key).</summary>
    public static readonly InputLimit KeyFile = new("a key file", 16 * 1024, 0);
}
