namespace Custody.Gcp.Audit;

/// <summary>
/// What a service asks the audit log to record: who did what, for which request, under which trace,
/// with free-form string details (never secrets: the audit log is read by operators and auditors).
/// </summary>
public sealed record AuditRecord
{
    private const int MaxTextLength = 1024;
    private const int MaxDetails = 64;

    public AuditRecord(string actor, string action, string requestId, string traceId, IReadOnlyDictionary<string, string>? details = null)
    {
        Actor = Validate(actor, nameof(actor), allowEmpty: false);
        Action = Validate(action, nameof(action), allowEmpty: false);
        RequestId = Validate(requestId, nameof(requestId), allowEmpty: true);
        TraceId = Validate(traceId, nameof(traceId), allowEmpty: true);
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in details ?? new Dictionary<string, string>())
        {
            copy.Add(Validate(key, "details key", allowEmpty: false), Validate(value, "details value", allowEmpty: true));
        }

        if (copy.Count > MaxDetails)
        {
            throw new ArgumentException($"At most {MaxDetails} details per audit entry.", nameof(details));
        }

        Details = copy;
    }

    public string Actor { get; }

    public string Action { get; }

    public string RequestId { get; }

    public string TraceId { get; }

    /// <summary>Sorted by ordinal key order (the order the hash uses).</summary>
    public IReadOnlyDictionary<string, string> Details { get; }

    private static string Validate(string value, string name, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if ((!allowEmpty && value.Length == 0) || value.Length > MaxTextLength || value.Any(char.IsControl) || !IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"The audit {name} must be {(allowEmpty ? "" : "non-empty, ")}at most {MaxTextLength} characters, without control characters.", name);
        }

        return value;
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Lone surrogates would be replaced when encoded for the hash; refuse them so the hash covers exactly the text.
    private static bool IsWellFormedUtf16(string value)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }
}
