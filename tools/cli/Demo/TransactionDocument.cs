using System.Diagnostics;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;

namespace Custody.Cli.Demo;

/// <summary>The state document <c>transactions/{requestId}</c> the handlers write (docs/demo.md).</summary>
internal static class TransactionDocument
{
    public static DocumentPath PathOf(string requestId) => DocumentPath.Of("transactions", requestId);

    public static FieldMap Fields(string requestId, TransactionState state, IReadOnlyDictionary<string, string> details)
    {
        var fields = new FieldMap
        {
            ["requestId"] = FieldValue.String(requestId),
            ["state"] = FieldValue.String(state.ToString()),
            ["updatedAt"] = FieldValue.Timestamp(DateTimeOffset.UtcNow),
        };
        foreach (var (key, value) in details)
        {
            fields[key] = FieldValue.String(value);
        }

        return fields;
    }

    /// <summary>The trace id of the handler's span (the messaging layer's consumer span), for audit entries and narration.</summary>
    public static string TraceId => Activity.Current?.TraceId.ToString() ?? "none";
}
