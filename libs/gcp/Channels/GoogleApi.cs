namespace Custody.Gcp.Channels;

/// <summary>The Google APIs Custody calls over gRPC.</summary>
public enum GoogleApi
{
    PubSub,
    Firestore,
    Kms,
}
