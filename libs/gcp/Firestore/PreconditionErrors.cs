using Grpc.Core;

namespace Custody.Gcp.Firestore;

/// <summary>
/// Maps the status codes of failed write preconditions to typed errors: ALREADY_EXISTS (exists=false),
/// FAILED_PRECONDITION (update_time), NOT_FOUND (exists=true). The document is named when exactly one
/// write of the commit carried that kind of precondition.
/// </summary>
internal static class PreconditionErrors
{
    public static FirestoreException? Translate(RpcException error, IReadOnlyList<PendingWrite> writes) => error.StatusCode switch
    {
        StatusCode.AlreadyExists => DocumentAlreadyExistsException.For(Single(writes, w => w.CurrentDocument is { ConditionTypeCase: Google.Cloud.Firestore.V1.Precondition.ConditionTypeOneofCase.Exists, Exists: false }), error),
        StatusCode.FailedPrecondition when writes.Any(w => w.Write.CurrentDocument?.UpdateTime is not null) =>
            DocumentChangedException.For(Single(writes, w => w.CurrentDocument?.UpdateTime is not null), error),
        StatusCode.NotFound => DocumentNotFoundException.For(Single(writes, w => w.CurrentDocument is { ConditionTypeCase: Google.Cloud.Firestore.V1.Precondition.ConditionTypeOneofCase.Exists, Exists: true }), error),
        _ => null,
    };

    private static DocumentPath? Single(IReadOnlyList<PendingWrite> writes, Func<Google.Cloud.Firestore.V1.Write, bool> carries)
    {
        var candidates = writes.Where(w => carries(w.Write)).Take(2).ToList();
        return candidates.Count == 1 ? candidates[0].Path : null;
    }
}
