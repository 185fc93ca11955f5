namespace Custody.Gcp.Emulators;

/// <summary>The official Google emulators Custody runs locally (docs/google-cloud.md, "The official emulators").</summary>
public enum GoogleEmulatorKind
{
    PubSub,
    Firestore,
}
