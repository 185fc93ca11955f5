namespace Custody.Gcp.Firestore;

/// <summary>A document read from Firestore: its value and the versions to use as preconditions.</summary>
public sealed record DocumentSnapshot<T>(DocumentPath Path, T Value, DocumentVersion CreateTime, DocumentVersion UpdateTime);
